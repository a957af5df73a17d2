# Client and server play ping-pong with single bytes in one process. The
# client closes after its 100th byte, both sides say why they lost the
# connection, and the program ends on its own (the original never does).
$ 06_transports_protocols
? exit 0
Server wrote a byte
Client wrote a byte
Server wrote a byte
Client wrote a byte
...
Client wrote a byte
Server wrote a byte
Client is closing the connection
Client lost the connection: closed cleanly
Server lost the connection: closed cleanly
Game over: the client received its 100 bytes in {n} round trips.
They took {n} ms: {n} round trips per second.
