# SIGTERM (kill, a service manager, a container stopping) is reported like
# Ctrl-C, with its own first line, and ends with 143 (128 + SIGTERM) as a
# shell reports it. The watchdog is off: only the signal ends this run.
$ 03_select_reactor --stall-timeout 0
? interrupt-when-quiet 2
? signal TERM
? exit 143
Client wrote 2 bytes.
...
Terminated (SIGTERM).
The only thread is blocked in send(), called by the write handler's sendall()
...
the program is deadlocked with itself.
