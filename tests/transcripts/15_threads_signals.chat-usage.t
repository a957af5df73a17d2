# The room's limits are checked before anything runs: one line, the hint,
# exit 2.
$ 15_threads_signals --soft-limit 1MiB
? exit 2
error: --soft-limit must not be above --hard-limit
Run with --help for more information.
