# Ctrl-C in the middle of the busy loop: where it was, then exit 130.
$ 01_busy_wait --clicks hello,world --interval-ms 3000
? interrupt-after Hello
? exit 130
Polling 2 buttons, Say Hello and Say World, in a busy loop (no sleep).
The scripted user clicks hello, world, about 3000 ms apart.

Hello

Interrupted (Ctrl-C).
The mainloop was polling: {n} polls so far, {n} of 2 clicks handled.
