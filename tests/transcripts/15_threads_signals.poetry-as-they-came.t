# --failure-rate 1: cummingsify fails on every poem, and every catch keeps
# its poem as it came. The poems, and the end of the run, are then chapter
# 10's, line for line (10_connect.poetry.t): the coroutines change how the
# client is written, not what it fetches.
$ 15_threads_signals poetry --failure-rate 1
? exit 0
Three slow poetry servers, and one client fetching from all three at once.
Poem 1 from 127.0.0.1:{n} (ecstasy, 160 bytes every 50 ms).
Poem 2 from 127.0.0.1:{n} (science, 40 bytes every 60 ms).
Poem 3 from 127.0.0.1:{n} (chapman, 30 bytes every 70 ms).
...
Poem 3: cummingsify failed on purpose (--seed 1, --failure-rate 1); it stays as it came.
Poem 1 done: 2,770 bytes in {*}, "The Ecstasy".
Poem 2 done: 674 bytes in {*}, "Sonnet - To Science".
Poem 3 done: 635 bytes in {*}, "On First Looking into Chapman's Homer".
Got 3 poems in {*}, the slowest one's time; one after another they would have taken {*}.
