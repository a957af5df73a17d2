# The echo demo's options checked before anything runs: the clients'
# options are not the server's, nor another demo's, and the messages held
# in memory are bounded. One line each, the hint, exit 2.
$ 15_threads_signals echo --listen 0 --clients 5
? exit 2
error: --clients is for the clients, not for --listen
Run with --help for more information.
