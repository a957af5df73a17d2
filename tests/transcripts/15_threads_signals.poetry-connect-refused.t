# The client alone, against a port where nobody listens (port 1 of this
# machine): the one download fails with the reason, exit 1. Chapter 06's
# client said the same, but from a blocking connect() with the loop
# stopped; here the loop hears it.
$ 15_threads_signals poetry --connect 127.0.0.1:1
? exit 1
Poem 1 from 127.0.0.1:1.
Poem 1 failed after {*}: connect to 127.0.0.1:1: Connection refused.
Got 0 of 1 poem in {*}. 1 failed.
