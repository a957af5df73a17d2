# A mistyped option: one line saying what is wrong, the --help hint, exit 2.
$ 02_select --verbose
? exit 2
error: unexpected argument '--verbose'
Run with --help for more information.
