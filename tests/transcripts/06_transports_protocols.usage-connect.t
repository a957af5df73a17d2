# --connect needs a port as well as a host: one line saying which is missing.
$ 06_transports_protocols --connect 127.0.0.1
? exit 2
error: --connect: '127.0.0.1' needs a port: write HOST:PORT
Run with --help for more information.
