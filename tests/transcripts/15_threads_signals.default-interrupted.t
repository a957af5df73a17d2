# Ctrl-C in the middle of the script: the room closes as it would for
# --listen (the members told, what was queued sent, each connection
# closed), and the demo, whose members were closed under it, says so and
# exits 130, as for any Ctrl-C.
$ 15_threads_signals
? interrupt-after carol> /fortune
? exit 130
...
SIGINT: closing the room.
...
Shutdown: stopped accepting; told {*} and sent what was queued; every connection closed after {*}; none cut at the 5.00 s grace.
Interrupted by SIGINT before the script's end ({*}).
