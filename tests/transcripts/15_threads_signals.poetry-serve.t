# One slow poetry server alone, on a port the OS picks, until Ctrl-C:
# waiting for clients is not a stall, so only Ctrl-C ends it (exit 130).
$ 15_threads_signals poetry serve --delay 100 --chunk 30 science
? interrupt-after Serving {*}
? exit 130
Serving "Sonnet - To Science" (674 bytes), 30 bytes every 100 ms, on 127.0.0.1:{n}; Ctrl-C to stop.

Interrupted (Ctrl-C).
The server was waiting in the poller for clients, and on its timers for
the next chunks; it has had 0 clients.
