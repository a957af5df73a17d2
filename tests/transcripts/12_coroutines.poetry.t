# The poetry demo: three slow poetry servers in this process, and a client
# fetching from all three at once. Which chunk comes first from which
# server depends on the machine, so the chunk lines are matched loosely;
# the end is in poem order, and the total is the slowest poem's time.
$ 12_coroutines poetry
? exit 0
Three slow poetry servers, and one client fetching from all three at once.
Poem 1 from 127.0.0.1:{n} (ecstasy, 160 bytes every 50 ms).
Poem 2 from 127.0.0.1:{n} (science, 40 bytes every 60 ms).
Poem 3 from 127.0.0.1:{n} (chapman, 30 bytes every 70 ms).
Poem {n}: {n} bytes
Poem {n}: {n} bytes
Poem {n}: {n} bytes
...
Poem {n}: {n} bytes
Poem {n}: {n} bytes
Poem 1 done: 2,770 bytes in {*}, "The Ecstasy".
Poem 2 done: 674 bytes in {*}, "Sonnet - To Science".
Poem 3 done: 635 bytes in {*}, "On First Looking into Chapman's Homer".
Got 3 poems in {*}, the slowest one's time; one after another they would have taken {*}.
