# A smaller cap ends the same story sooner.
$ 05_buffers_writes --memory-limit 16MiB
? exit 4
Client buffering 2 bytes to write.
...
Client buffering 4194304 bytes to write.

Out of memory: a request for 8.0 MiB was refused:
{*}
...
