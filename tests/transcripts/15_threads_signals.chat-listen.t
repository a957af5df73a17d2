# The room alone, for outside clients (nc, telnet), until Ctrl-C: waiting
# for members is not a stall, so only Ctrl-C ends it (exit 130).
$ 15_threads_signals --listen 0
? interrupt-after The chat room listens on {*}
? exit 130
The chat room listens on 127.0.0.1:{n}; Ctrl-C to stop.

Interrupted (Ctrl-C).
The chat room was waiting for its members' lines; 0 were in it.
