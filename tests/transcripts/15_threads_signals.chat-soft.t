# The soft limit alone: with a hard limit too high to reach, the member
# that never reads is cut once its queue has stayed above 64 KiB for a
# tenth of a second.
$ 15_threads_signals chat --hard-limit 1GiB --soft-seconds 0.1
? exit 0
...
    robert < * sloth was cut off: its queue stayed above the soft limit (64.0 KiB) for 100 ms
...
  sloth cut off                   {*} into the flood: its queue stayed above the soft limit (64.0 KiB) for 100 ms
...
