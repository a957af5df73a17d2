# The same stream with each message written whole, as chapter 05 writes it.
# The transport pauses the producer after every message, but a write is
# never refused: the 128 MiB message still has to fit, and it does not
# (exit 4, where chapter 05 ran out too).
$ 15_threads_signals stream --whole-writes
? exit 4
Client wrote 2 bytes in 1 write, paused 0 times.
...
Client wrote 32.0 KiB in 1 write, paused 0 times.
Client wrote 64.0 KiB in 1 write, paused 1 time.
...
Client wrote 64.0 MiB in 1 write, paused 1 time.

Out of memory: a request for 128.0 MiB was refused:
{*}
The producer writes each doubled message whole (--whole-writes).
The transport paused it after every message, once the buffer passed the
64.0 KiB high water mark, and resumed it only when the buffer had drained:
back-pressure worked. But a pause comes after a write, and no write is
refused, so the 128.0 MiB message had to be made and buffered in one piece.
Without --whole-writes the producer writes the same bytes 16.0 KiB at a time,
and the buffer stays near the mark.
