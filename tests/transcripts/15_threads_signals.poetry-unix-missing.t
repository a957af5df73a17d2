# A Unix domain socket path with no file at all: no server has ever
# listened there. One line says so, exit 1.
$ 15_threads_signals poetry --connect unix:/nonexistent/poetry.sock
? exit 1
Poem 1 from unix:/nonexistent/poetry.sock.
Poem 1 failed after {*}: connect to unix:/nonexistent/poetry.sock: No such file or directory (no socket file: is the server running?).
Got 0 of 1 poem in {*}. 1 failed.
