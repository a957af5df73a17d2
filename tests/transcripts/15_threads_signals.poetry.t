# The poetry demo with coroutines: the same three slow servers and the
# same client as chapters 10 and 11, each poem now a task that connects,
# reads, and runs the poem through cummingsify (lower case). At the
# defaults, --seed 1 and --failure-rate 0.33, cummingsify fails on poems 1
# and 2, and a catch keeps them as they came; poem 3 arrives in lower case,
# as in chapter 11. The chunk lines come in the machine's order, matched
# loosely; the end is in poem order.
$ 15_threads_signals poetry
? exit 0
Three slow poetry servers, and one client fetching from all three at once.
Poem 1 from 127.0.0.1:{n} (ecstasy, 160 bytes every 50 ms).
Poem 2 from 127.0.0.1:{n} (science, 40 bytes every 60 ms).
Poem 3 from 127.0.0.1:{n} (chapman, 30 bytes every 70 ms).
Poem {n}: {n} bytes
Poem {n}: {n} bytes
Poem {n}: {n} bytes
...
Poem 1: cummingsify failed on purpose (--seed 1, --failure-rate 0.33); it stays as it came.
...
Poem 2: cummingsify failed on purpose (--seed 1, --failure-rate 0.33); it stays as it came.
...
Poem 1 done: 2,770 bytes in {*}, "The Ecstasy".
Poem 2 done: 674 bytes in {*}, "Sonnet - To Science".
Poem 3 done: 635 bytes in {*}, "on first looking into chapman's homer".
Got 3 poems in {*}, the slowest one's time; one after another they would have taken {*}.
