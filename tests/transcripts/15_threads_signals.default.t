# The chat room, played by a script in one process: members join (one tries
# a taken nickname, then an empty one), talk, rename, ask who is here and
# quit; each line a member sends is followed by what each member it reaches
# reads. Then a member that never reads joins while alice sends as fast as
# her connection drains: the room cuts it off past the hard limit, and
# robert, who reads, gets every line in order. The numbers vary.
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
carol> /quit
    carol  < * bye
    alice  < * carol left (quit)
    robert < * carol left (quit)

A member that never reads joins, and alice talks fast:
sloth> sloth
    alice  < * sloth joined
    robert < * sloth joined
    robert < * sloth was cut off: its queue passed the hard limit (256.0 KiB)
robert> /quit
    robert < * bye

Report
  lines queued for members        {n}
  lines sent to members           {n}
  alice's flood                   {n} lines of 1000 bytes; robert got every one, in order
  sloth's peak queue              {n} KiB
  sloth cut off                   {*} into the flood: its queue passed the hard limit (256.0 KiB)
  peak memory (room and clients)  {*}
