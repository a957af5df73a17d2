# A thousand clients at once (the issue's gate), each with its own message
# of 2 KiB: more than one read on the server, so its coroutine loops.
# Every byte of every echo is compared with what that client sent.
$ 15_threads_signals echo --clients 1000 --size 2KiB
? exit 0
Echo server on 127.0.0.1:{n} (epoll backend); 1,000 clients connect at once.
Each sends its own message of 2,048 bytes and checks the echo.
1,000 clients: 1,000 got their own bytes back, 0 failed.
2,048,000 bytes sent and 2,048,000 came back, every byte checked, in {*}.
The server: 1,000 connections, at most {n} at once, 2,048,000 bytes echoed;
0 lost mid-echo, 0 handler errors.
