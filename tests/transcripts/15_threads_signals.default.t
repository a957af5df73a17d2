# The chat room, played by a script in one process. Members connect to
# "localhost", a name looked up in the thread pool; they join (one tries a
# taken nickname, then an empty one), talk, rename, and ask who is here.
# carol's /fortune takes a second of blocking work in the pool, and the room
# talks on meanwhile: carol hears alice and robert first. Then a member that
# never reads is cut off while alice floods (chapter 14). Last, dana joins
# and talks, and the demo sends itself SIGTERM: the room stops accepting,
# sends what it had queued, tells everyone it is closing, closes each
# connection, and the program exits 0. The numbers vary.
$ 15_threads_signals
? exit 0
alice> alice
    alice  < * 1 here: alice
bob> bob
    alice  < * bob joined
    bob    < * 2 here: alice, bob
carol> alice
    carol  < * nickname refused: 'alice' is taken; another?
carol> 
    carol  < * nickname refused: a nickname cannot be empty; another?
carol> carol
    alice  < * carol joined
    bob    < * carol joined
    carol  < * 3 here: alice, bob, carol
alice> hello, everyone
    bob    < alice: hello, everyone
    carol  < alice: hello, everyone
bob> /nick robert
    alice  < * bob is now robert
    bob    < * bob is now robert
    carol  < * bob is now robert
carol> /who
    carol  < * 3 here: alice, robert, carol
carol> is anyone else still on chapter 13?
    alice  < carol: is anyone else still on chapter 13?
    robert < carol: is anyone else still on chapter 13?
carol> /fortune
alice> not me: I am on chapter 15
    robert < alice: not me: I am on chapter 15
    carol  < alice: not me: I am on chapter 15
robert> same here
    alice  < robert: same here
    carol  < robert: same here
    carol  < * fortune: A loop that never blocks is a loop that never sleeps in the wrong place.
carol> /quit
    carol  < * bye
    alice  < * carol left (quit)
    robert < * carol left (quit)

A member that never reads joins, and alice talks fast:
sloth> sloth
    alice  < * sloth joined
    robert < * sloth joined
    robert < * sloth was cut off: its queue passed the hard limit (256.0 KiB)

Report
  lines queued for members        {n}
  lines sent to members           {n}
  alice's flood                   {n} lines of 1000 bytes; robert got every one, in order
  sloth's peak queue              {n} KiB
  sloth cut off                   {*} into the flood: its queue passed the hard limit (256.0 KiB)
  peak memory (room and clients)  {*}

dana joins and talks, and the demo sends itself SIGTERM:
dana> dana
    robert < * dana joined
    dana   < * 2 here: robert, dana
dana> hello, robert
dana> sorry I am late
dana> is the room closing already?

SIGTERM: closing the room.
    robert < dana: hello, robert
    robert < dana: sorry I am late
    robert < dana: is the room closing already?
    robert < * the server is going away; goodbye
    dana   < * the server is going away; goodbye
    (robert read 4 lines after the signal and dana 1; then each stream ended)
Shutdown: stopped accepting; told 2 members and sent what was queued; every connection closed after {*}; none cut at the 5.00 s grace.
