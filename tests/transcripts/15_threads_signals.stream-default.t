# Chapter 05's doubling stream under chapter 05's memory cap, this time with
# back-pressure: the producer is paused above 64 KiB buffered, writes 16 KiB
# at a time, and the transfer completes in a few hundred KiB of heap.
# (64 MiB to keep the test quick; the default is 1 GiB.)
$ 15_threads_signals stream --total 64MiB --memory-limit 256MiB
? exit 0
Client wrote 2 bytes in 1 write, paused 0 times.
Client wrote 4 bytes in 1 write, paused 0 times.
...
Client wrote 16.0 KiB in 1 write, paused 0 times.
Client wrote 32.0 KiB in 2 writes, paused 0 times.
Client wrote 64.0 KiB in 4 writes, paused {n} time{*}.
...
Client wrote 32.0 MiB in 2,048 writes, paused {n} times.
Client wrote 2 bytes in 1 write, paused {n} time{*}: the rest of the total.
Client lost the connection: closed cleanly
Server checked 67,108,864 bytes, every one in its place.
Server lost the connection: closed cleanly
Sent 64.0 MiB in {*}/s), every byte checked.
Most bytes ever buffered: {n} KiB (high water mark 64.0 KiB, low 16.0 KiB).
The producer was paused {n} times and resumed {n} times.
Peak heap {n} KiB (cap 256.0 MiB); peak resident memory {n} MiB.
