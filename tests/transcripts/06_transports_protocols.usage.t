# A maximum of zero bytes is no game: one line saying so, the hint, exit 2.
$ 06_transports_protocols --maximum 0
? exit 2
error: --maximum: '0' is not a whole number from 1 to 1000000000
Run with --help for more information.
