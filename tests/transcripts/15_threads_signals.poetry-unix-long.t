# A socket's path lives in a fixed array of the socket address (108 bytes
# on Linux, the last for the terminating zero). A longer one is refused as
# bad usage, before anything is bound.
$ 15_threads_signals poetry serve --listen unix:/tmp/a-directory-with-a-rather-long-name/and-another-directory-with-a-long-name/where-the-socket-file-would-be.sock science
? exit 2
error: --listen: unix:/tmp/a-directory-with-a-rather-long-name/and-another-directory-with-a-long-name/where-the-socket-file-would-be.sock: the path is 115 bytes, and a Unix domain socket's path holds at most 107: use a shorter one (a relative path, or one in /tmp)
Run with --help for more information.
