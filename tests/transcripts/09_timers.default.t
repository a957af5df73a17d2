# The echo demo on epoll: one busy client plays ping-pong with the server,
# every byte checked, and the report ends with the line scripts/bench
# reads: turns, CPU per turn, descriptors watched, backend.
$ 09_timers --idle 100 --rounds 1000
? exit 0
Echo server on the epoll backend, 100 idle connections and one busy client.
The server echoed 32,000 bytes on 101 connections.
1,000 round trips of 32 bytes in {*}: {n} per second, every byte checked.
turns: {n}, cpu per turn: {*} us, descriptors: 102, backend: epoll
