# The client alone, against a port where nobody listens: the error names
# the call and the errno, exit 1.
$ 06_transports_protocols --connect 127.0.0.1:1
? exit 1
error: connect(127.0.0.1:1): Connection refused
