# The echo server alone, for outside clients (nc, telnet, or another
# 15_threads_signals echo with --connect), until Ctrl-C: waiting for clients is not a
# stall, so only Ctrl-C ends it (exit 130).
$ 15_threads_signals echo --listen 0
? interrupt-after Echo server on {*}
? exit 130
Echo server on 127.0.0.1:{n} (epoll backend); Ctrl-C to stop.

Interrupted (Ctrl-C).
The server was waiting in the poller for clients and their bytes;
it had served 0 connections, and 0 were open.
