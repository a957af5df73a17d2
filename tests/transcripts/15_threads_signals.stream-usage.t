# Water marks the wrong way round: one line saying so, the hint, exit 2.
$ 15_threads_signals stream --high-water 64KiB --low-water 1MiB
? exit 2
error: --low-water must not be above --high-water
Run with --help for more information.
