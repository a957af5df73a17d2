# The room has no client of its own to point elsewhere: its clients are
# nc, telnet, or the reader's own.
$ 15_threads_signals --connect 127.0.0.1:9
? exit 2
error: the chat room takes --listen, not --connect: its clients are nc or telnet
Run with --help for more information.
