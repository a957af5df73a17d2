# Chapter 13's demo, `echo` here: the seed's echo server written with streams (a
# coroutine per connection: read, write, drain) and the seed's test of it.
# Twenty clients connect at once; each sends its own greeting, half-closes,
# and checks that exactly its bytes come back before the server's end of
# the stream. Exit 0 only when all twenty did.
$ 15_threads_signals echo
? exit 0
Echo server on 127.0.0.1:{n} (epoll backend); 20 clients connect at once.
Each sends its own greeting ("hello from client N") and checks the echo.
20 clients: 20 got their own bytes back, 0 failed.
411 bytes sent and 411 came back, every byte checked, in {*}.
The server: 20 connections, at most {n} at once, 411 bytes echoed;
0 lost mid-echo, 0 handler errors.
