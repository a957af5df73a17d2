# select()'s wall, hit on purpose: 1,100 idle connections take the server's
# descriptors past FD_SETSIZE, the select backend refuses the first one past
# 1023 rather than FD_SET past the end of its fd_set, and the demo says why
# and what to use instead (which descriptor that is varies: from chapter 15
# the loop's waker holds one too). Exit 5: a system limit hit on purpose.
# (Skipped where the hard descriptor limit is below what the run needs.)
$ 15_threads_signals timed-echo --backend select --idle 1100
? exit 5
? requires-descriptors 2300
Echo server on the select backend, 1,100 idle connections and one busy client.
Refused a connection: select() cannot watch descriptor {n} (FD_SETSIZE is 1024) (the server goes on; later refusals like this one are not shown)
select()'s wall: descriptor {n} cannot be watched; FD_SETSIZE is 1024.
An fd_set is an array of FD_SETSIZE bits: FD_SET({n}, &set) would write past
its end, into whatever memory follows it, and corrupt it without a word.
So the select backend refuses the descriptor instead. 1,100 idle connections
need about 2,218 descriptors here. Use --backend poll or --backend epoll:
neither has this wall.
