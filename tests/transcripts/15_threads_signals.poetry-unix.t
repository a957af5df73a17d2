# The same servers and client over Unix domain sockets: each server
# listens on a path (in a directory of its own, removed at the end), and
# the client's socket calls are the same ones, on a Unix domain socket.
# Poem 3 comes in lower case: cummingsify, at the default --seed 1 and
# --failure-rate 0.33, fails on poems 1 and 2 only (15_threads_signals.poetry.t).
$ 15_threads_signals poetry --unix
? exit 0
Three slow poetry servers, and one client fetching from all three at once.
Poem 1 from unix:{*}/ecstasy.sock (ecstasy, 160 bytes every 50 ms).
Poem 2 from unix:{*}/science.sock (science, 40 bytes every 60 ms).
Poem 3 from unix:{*}/chapman.sock (chapman, 30 bytes every 70 ms).
...
Poem 1 done: 2,770 bytes in {*}, "The Ecstasy".
Poem 2 done: 674 bytes in {*}, "Sonnet - To Science".
Poem 3 done: 635 bytes in {*}, "on first looking into chapman's homer".
Got 3 poems in {*}, the slowest one's time; one after another they would have taken {*}.
