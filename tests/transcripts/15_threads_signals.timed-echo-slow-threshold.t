# The same run with a threshold of half a second: the 250 ms handler is
# under it, so debug mode says nothing about it.
$ 15_threads_signals timed-echo --debug --slow-callback 0.5 --idle 0 --rounds 100
? exit 0
Echo server on the epoll backend, 0 idle connections and one busy client.
After 1 s: 0 connections open, 3,200 bytes echoed, {n} turns of the loop, 2 timed calls pending.
Unhandled error in the callback that fails on purpose: std::runtime_error: thrown on purpose, to show that the server carries on
The server echoed 3,200 bytes on 1 connection; 0 dropped by the idle timeout; 1 callback failed, and the server carried on.
100 round trips of 32 bytes in {*}: {n} per second, every byte checked.
turns: {n}, cpu per turn: {*} us, descriptors: 2, backend: epoll
