# The clients alone against an address where nobody listens (port 1 on
# this machine): each client's connect is refused, each failure is said
# with its reason, and the run exits 1. Ten are named, the rest counted.
$ 15_threads_signals echo --connect 127.0.0.1:1 --clients 12
? exit 1
12 clients connect to 127.0.0.1:1 at once.
Each sends its own greeting ("hello from client N") and checks the echo.
Client 1: connect to 127.0.0.1:1: Connection refused.
Client 2: connect to 127.0.0.1:1: Connection refused.
Client 3: connect to 127.0.0.1:1: Connection refused.
Client 4: connect to 127.0.0.1:1: Connection refused.
Client 5: connect to 127.0.0.1:1: Connection refused.
Client 6: connect to 127.0.0.1:1: Connection refused.
Client 7: connect to 127.0.0.1:1: Connection refused.
Client 8: connect to 127.0.0.1:1: Connection refused.
Client 9: connect to 127.0.0.1:1: Connection refused.
Client 10: connect to 127.0.0.1:1: Connection refused.
... and 2 failures more.
12 clients: 0 got their own bytes back, 12 failed.
243 bytes to send, 0 came back, in {*}.
