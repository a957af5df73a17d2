# Ctrl-C while stalled tells the same story, then exits 130 (Python's
# KeyboardInterrupt). The watchdog is off: only Ctrl-C ends this run.
$ 03_select_reactor --stall-timeout 0
? interrupt-when-quiet 2
? exit 130
Client wrote 2 bytes.
...
Interrupted (Ctrl-C).
The only thread is blocked in send(), called by the write handler's sendall()
...
the program is deadlocked with itself.
