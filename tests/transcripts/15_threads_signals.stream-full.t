# The default run that chapter 07's page shows: 1 GiB of the doubling
# stream through the transport under back-pressure, every byte checked, in
# a few hundred KiB of heap. How often the producer pauses depends on how
# fast the kernel drains the socket, hence {n}.
$ 15_threads_signals stream
? exit 0
? deadline 120
Client wrote 2 bytes in 1 write, paused 0 times.
Client wrote 4 bytes in 1 write, paused 0 times.
...
Client wrote 32.0 KiB in 2 writes, paused {n} time{*}.
Client wrote 64.0 KiB in 4 writes, paused {n} time{*}.
Client wrote 128.0 KiB in 8 writes, paused {n} time{*}.
...
Client wrote 256.0 MiB in 16,384 writes, paused {n} times.
Client wrote 512.0 MiB in 32,768 writes, paused {n} times.
Client wrote 2 bytes in 1 write, paused {n} time{*}: the rest of the total.
Client lost the connection: closed cleanly
Server checked 1,073,741,824 bytes, every one in its place.
Server lost the connection: closed cleanly
Sent 1.0 GiB in {*}/s), every byte checked.
Most bytes ever buffered: {n} KiB (high water mark 64.0 KiB, low 16.0 KiB).
The producer was paused {n} times and resumed {n} times.
Peak heap {n} KiB (cap 256.0 MiB); peak resident memory {n} MiB.
