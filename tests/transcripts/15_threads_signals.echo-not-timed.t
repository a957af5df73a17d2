# --clients belongs to the echo demo, not to chapter 09's timed-echo.
$ 15_threads_signals --clients 5 timed-echo
? exit 2
error: --clients is for the echo demo, not for timed-echo
Run with --help for more information.
