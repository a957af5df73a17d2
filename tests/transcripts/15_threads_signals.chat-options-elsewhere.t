# The room's limits are the room's: another demo refuses them, one line and
# the hint, exit 2.
$ 15_threads_signals stream --hard-limit 1MiB
? exit 2
error: --hard-limit is for the chat room
Run with --help for more information.
