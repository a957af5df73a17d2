# --failure-rate 0: cummingsify never fails, no catch has anything to do,
# and every poem arrives in lower case.
$ 15_threads_signals poetry --failure-rate 0
? exit 0
Three slow poetry servers, and one client fetching from all three at once.
Poem 1 from 127.0.0.1:{n} (ecstasy, 160 bytes every 50 ms).
Poem 2 from 127.0.0.1:{n} (science, 40 bytes every 60 ms).
Poem 3 from 127.0.0.1:{n} (chapman, 30 bytes every 70 ms).
...
Poem 3: 5 bytes
Poem 1 done: 2,770 bytes in {*}, "the ecstasy".
Poem 2 done: 674 bytes in {*}, "sonnet - to science".
Poem 3 done: 635 bytes in {*}, "on first looking into chapman's homer".
Got 3 poems in {*}, the slowest one's time; one after another they would have taken {*}.
