# Every message is held by its client and by the reader checking its
# echo: their total is bounded, so a run cannot fill the memory cap.
$ 15_threads_signals echo --clients 100 --size 1MiB
? exit 2
error: --clients times --size must be at most 64.0 MiB
Run with --help for more information.
