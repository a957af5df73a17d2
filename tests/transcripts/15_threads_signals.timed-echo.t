# Chapter 09's echo demo, now the subcommand timed-echo. The server keeps
# time: a report every second (a LoopingCall), the ten idle clients
# dropped after 2 s of silence (a callLater pushed back on every read),
# and a timed call that throws at 1.5 s, reported while the server
# carries on. The order of these lines is the order of their deadlines,
# whatever the machine's speed: only the numbers vary.
$ 15_threads_signals timed-echo
? exit 0
Echo server on the epoll backend, 10 idle connections and one busy client.
After 1 s: {n} connection{*} open, {n} bytes echoed, {n} turns of the loop, {n} timed call{*} pending.
Unhandled error in the callback that fails on purpose: std::runtime_error: thrown on purpose, to show that the server carries on
After 2 s: {*}
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
Dropped a connection silent for 2.00 s.
...
After {n} s: 0 connections open, 320,000 bytes echoed, {n} turns of the loop, 0 timed calls pending.
The server echoed 320,000 bytes on 11 connections; 10 dropped by the idle timeout; 1 callback failed, and the server carried on.
10,000 round trips of 32 bytes in {*}: {n} per second, every byte checked.
turns: {n}, cpu per turn: {*} us, descriptors: 12, backend: epoll
