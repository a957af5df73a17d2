# Over Unix domain sockets, "nobody listens" is a stale socket file, left
# by a server that is gone: the connect is refused, and the reason says
# what such a file usually is.
$ 15_threads_signals poetry --unix --add-refused
? exit 1
...
Poem 4 from unix:{*}/gone.sock (nobody listens there).
...
Poem 4 failed after {*}: connect to unix:{*}/gone.sock: Connection refused (the socket file is there but no server is: a stale one, left by a server that is gone?).
Got 3 of 4 poems in {*}, the slowest one's time; one after another they would have taken {*}. 1 failed.
