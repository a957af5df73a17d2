# Chapter 05's read size: the server asks recv() for 1 KiB at a time, as
# chapters 3 to 5 do, instead of a transport's 64 KiB. Slower, and still
# every byte in bounded memory: the read size is not the lesson.
$ 15_threads_signals stream --read-size 1KiB --total 64MiB
? exit 0
...
Sent 64.0 MiB in {*}, every byte checked.
Most bytes ever buffered: {*} (high water mark 64.0 KiB, low 16.0 KiB).
{*}
Peak heap {*}
