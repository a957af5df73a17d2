# The producer is paused only above the high water mark, so a mark at or
# above the memory cap would let the buffer fill memory first: refused,
# where it used to run out of memory and blame the chunk size.
$ 15_threads_signals stream --high-water 1GiB
? exit 2
error: --high-water (1.0 GiB) must be below the memory cap (256.0 MiB)
Run with --help for more information.
