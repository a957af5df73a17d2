# A backend that is not one of the three: one line, the hint, exit 2.
$ 15_threads_signals --backend kqueue
? exit 2
error: --backend: 'kqueue' is not a backend: use select or poll or epoll
Run with --help for more information.
