# Chapter 08's run, with the idle timeout off: the 100 idle clients hang up
# once the busy one is done, as in 08. The report still comes once a
# second, the callback that fails on purpose still fails at 1.5 s, and
# run() waits for it (a pending call keeps the loop alive), then the line
# scripts/bench reads.
$ 15_threads_signals timed-echo --idle 100 --rounds 1000 --idle-timeout 0
? exit 0
Echo server on the epoll backend, 100 idle connections and one busy client.
...
Unhandled error in the callback that fails on purpose: std::runtime_error: thrown on purpose, to show that the server carries on
The server echoed 32,000 bytes on 101 connections; 0 dropped by the idle timeout; 1 callback failed, and the server carried on.
1,000 round trips of 32 bytes in {*}: {n} per second, every byte checked.
turns: {n}, cpu per turn: {*} us, descriptors: 102, backend: epoll
