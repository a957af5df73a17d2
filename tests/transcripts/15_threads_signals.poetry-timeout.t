# A fourth poem, from a server that never answers (its queue is full, so
# the kernel drops the client's SYN): waitFor's timer cancels that one
# download's connect after --timeout, while the three others arrive.
# Exit 1.
# Poem 3 comes in lower case: cummingsify, at the default --seed 1 and
# --failure-rate 0.33, fails on poems 1 and 2 only (15_threads_signals.poetry.t).
$ 15_threads_signals poetry --add-unanswered --timeout 1
? exit 1
Three slow poetry servers, and one client fetching from all three at once.
Poem 1 from 127.0.0.1:{n} (ecstasy, 160 bytes every 50 ms).
Poem 2 from 127.0.0.1:{n} (science, 40 bytes every 60 ms).
Poem 3 from 127.0.0.1:{n} (chapman, 30 bytes every 70 ms).
Poem 4 from 127.0.0.1:{n} (a server that never answers).
...
Poem 1 done: 2,770 bytes in {*}, "The Ecstasy".
Poem 2 done: 674 bytes in {*}, "Sonnet - To Science".
Poem 3 done: 635 bytes in {*}, "on first looking into chapman's homer".
Poem 4 failed after {*} s: connect to 127.0.0.1:{n}: timed out after 1.00 s.
Got 3 of 4 poems in {*}, the slowest one's time; one after another they would have taken {*}. 1 failed.
