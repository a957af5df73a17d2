# The writes never block and never stop: the message doubles until the
# memory cap refuses the next one (exit 4). The sizes the kernel takes vary.
$ 05_buffers_writes
? exit 4
Client buffering 2 bytes to write.
Wrote 2 bytes
Client buffering 4 bytes to write.
Server received 2 bytes.
Wrote 4 bytes
...
Client buffering 2097152 bytes to write.
Server received 1024 bytes.
Wrote {n} bytes
...
Client buffering 67108864 bytes to write.

Out of memory: a request for 128.0 MiB was refused:
{n} MiB were already in use under the 256.0 MiB cap (--memory-limit).
The client had just buffered a 64.0 MiB message and was making the next, twice
as long. Of the 128.0 MiB it had buffered in all, the server had read {n} MiB,
1 KiB per turn of the loop. Every write succeeded, because none waits:
whatever send() does not take is kept in memory, and the next message is
made as soon as the last one is handed over. Nothing ever tells the writer
to slow down, so the buffer grows until memory runs out.
