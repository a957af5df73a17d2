# A mistyped option: one line saying what is wrong, the --help hint, exit 2.
$ 02_select --verbose
? exit 2
error: The following argument was not expected: --verbose
Run with --help for more information.
