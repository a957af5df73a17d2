# The narrated walk through select(), as a reader runs it: the ready sets
# at each step. Descriptor numbers and the port are whatever the OS gives.
$ 02_select
? exit 0
Three sockets on 127.0.0.1, port {n}:
  listener  fd {n}  listens for connections
  client    fd {n}  connected to the listener
  server    fd {n}  accepted by the listener: the client's other end

1. Both ends are connected; nothing has been sent yet.
   select(read {listener, client, server}, write {client, server}, timeout 0)
   readable: nothing
   writable: client (fd {n}), server (fd {n})
   Both connected sockets have room in their send buffers, so both are
   writable; neither a byte nor a connection has arrived, so nothing is
   readable.

2. The client sends "xyz"; select() waits with no timeout.
   select(read {listener, client, server}, write {}, no timeout)
   readable: server (fd {n})
   writable: nothing
   With no timeout select() would wait as long as it takes; it returned
   because the server has 3 bytes to read.

3. Nobody has read them; select() is asked again, timeout 0.
   select(read {listener, client, server}, write {client, server}, timeout 0)
   readable: server (fd {n})
   writable: client (fd {n}), server (fd {n})
   select() reports a state, not a change: until the bytes are read, the
   server stays readable (level-triggered).

4. The server reads the 3 bytes, "xyz".
   select(read {listener, client, server}, write {client, server}, timeout 0)
   readable: nothing
   writable: client (fd {n}), server (fd {n})
   The server's receive buffer is empty again, so it is no longer readable;
   both sockets are still writable.

5. Nothing else happens; select() waits with a 100 ms timeout.
   select(read {listener, client, server}, write {}, timeout 100 ms)
   readable: nothing
   writable: nothing
   Nothing became ready within 100 ms, so select() gave up and returned empty
   sets: a timeout bounds the wait.

6. A second client connects; nobody accepts it yet.
   select(read {listener, client, server}, write {}, timeout 5 s)
   readable: listener (fd {n})
   writable: nothing
   A connection waiting to be accepted makes the listener readable (accept()
   would not block), and select() returned without waiting out its 5 s.

Each answer was one select() call about all three sockets: no polling loop.
