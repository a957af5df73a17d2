# The room alone, for outside clients (nc, telnet). Ctrl-C no longer ends
# the program where it stands: the room closes (nobody is in it here), and
# the program exits 0.
$ 15_threads_signals --listen 0
? interrupt-after The chat room listens on {*}
? exit 0
The chat room listens on 127.0.0.1:{n}; Ctrl-C to close it.

SIGINT: closing the room.
Shutdown: stopped accepting; told 0 members and sent what was queued; every connection closed after {*}; none cut at the 5.00 s grace.
