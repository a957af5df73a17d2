# The blocking sendall() fills the socket buffers and the loop stalls;
# the watchdog reports it after the default 3 s and the program exits 3.
# How many reads the server makes between the client's last writes depends
# on the machine's speed, so the lines before the report are matched loosely.
$ 03_select_reactor
? exit 3
Client wrote 2 bytes.
Server received 2 bytes.
Client wrote 4 bytes.
Server received 4 bytes.
...
Client wrote {n} bytes.
...
Server received 1024 bytes.

Stalled: no progress for {n} s (--stall-timeout 3.0).
The only thread is blocked in send(), called by the write handler's sendall()
for a message of {n} bytes{*}
A blocking send() returns only once the kernel has taken every byte, and the
kernel has no room. Of the {n} bytes written before,
the server has read {n}; the rest fill the socket buffers.
Only the server's read handler could make room, and it runs on this same
thread, in the loop that is waiting for send() to return. send() never will:
the program is deadlocked with itself.
