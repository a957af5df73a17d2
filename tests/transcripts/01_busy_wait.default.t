# The busy loop with the default script: four clicks about 500 ms apart,
# two seconds in all. The numbers vary from run to run and from machine to
# machine; the shape of the report does not. The click times do not vary:
# the scripted user clicks at the same moments on every run.
$ 01_busy_wait
? exit 0
Polling 2 buttons, Say Hello and Say World, in a busy loop (no sleep).
The scripted user clicks hello, world, hello, world, about 500 ms apart.

Hello
World
Hello
World

What the waiting cost:
  polls      {n} for 4 clicks: 1 poll in {n} found one
  wall time  {n} s
  CPU time   {*}, {n}% of the wall time
Reaction delay, from each click to its handler:
  Say Hello  clicked at 0.53 s, handled {n} ms later
  Say World  clicked at 0.96 s, handled {n} ms later
  Say Hello  clicked at 1.55 s, handled {n} ms later
  Say World  clicked at 2.05 s, handled {n} ms later
  max {n} ms, mean {n} ms

No sleep: the loop was on the CPU for {n}% of the run, and all but 4 of
its {n} polls found nothing. Try --sleep-ms 20 for the other side.
Better: let the OS wake the loop when something happens. That is select(),
in chapter 02.
