# Debug mode: every callback and handler is timed, and the one that holds
# the loop past 100 ms (chapter 03's mistake, made on purpose at 1.2 s) is
# reported by name. The run is short; the pending calls keep it going
# until they have run.
$ 15_threads_signals timed-echo --debug --idle 0 --rounds 100
? exit 0
Echo server on the epoll backend, 0 idle connections and one busy client.
...
Slow callback: the handler that blocks on purpose held the loop for {n} ms
Unhandled error in the callback that fails on purpose: std::runtime_error: thrown on purpose, to show that the server carries on
The server echoed 3,200 bytes on 1 connection; 0 dropped by the idle timeout; 1 callback failed, and the server carried on.
100 round trips of 32 bytes in {*}: {n} per second, every byte checked.
turns: {n}, cpu per turn: {*} us, descriptors: 2, backend: epoll
