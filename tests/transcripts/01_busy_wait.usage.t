# A button that is not on the screen: one line saying so, then the hint.
$ 01_busy_wait --clicks hello,hullo
? exit 2
error: --clicks: 'hullo' is not a button: use hello or world
Run with --help for more information.
