# The smallest game: one round trip, and the report says so in the singular.
$ 06_transports_protocols --maximum 1
? exit 0
...
Game over: the client received its {*} in 1 round trip.
They took {*}: {n} round trip{*} per second.
