# The same script with a 20 ms sleep after each round: far fewer polls and
# little CPU, but each click may wait up to a sleep for its handler.
$ 01_busy_wait --sleep-ms 20
? exit 0
Polling 2 buttons, Say Hello and Say World, sleeping 20 ms between rounds.
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

A 20 ms sleep per round: the loop was on the CPU for {n}% of the run,
but a click can wait up to a whole sleep before the loop looks (the
longest wait here: {n} ms).
Better: let the OS wake the loop when something happens. That is select(),
in chapter 02.
