# EAGAIN, then a short write, then the accounts: nothing lost, nothing
# invented. The byte counts depend on the kernel, hence {n}.
$ 04_nonblocking
? exit 0
The client's socket is non-blocking: send() takes what fits and returns.
send(1024 bytes) -> 1024
send(1024 bytes) -> 1024
...
send(1024 bytes) -> -1, errno EAGAIN (Resource temporarily unavailable)
The buffers are full after {n} bytes: the client goes back to the loop
until select() says the socket is writable again.
Writable again, once the server had read {n} bytes.
send(1,048,576 bytes) -> {n}: a short write. The other {n}
bytes were not sent, and only the return value says so.
Server reached the end of the stream.
send() reported {n} bytes taken; the server received {n},
every byte in its place. The {n} bytes that send() did not take
never left the client.
