# A delay that is not a whole number of milliseconds: one line, the
# hint, exit 2.
$ 15_threads_signals poetry serve --delay 0.5 science
? exit 2
error: --delay: '0.5' is not a whole number from 0 to 60000
Run with --help for more information.
