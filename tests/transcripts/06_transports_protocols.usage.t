# A maximum of zero bytes is no game: one line saying so, the hint, exit 2.
$ 06_transports_protocols --maximum 0
? exit 2
error: --maximum: Value 0 not in range 1 to 1000000000
Run with --help for more information.
