# A bad option value: one line saying what is wrong, the hint, exit 2.
$ 03_select_reactor --listen 70000
? exit 2
error: --listen: port '70000' is out of range (0-65535)
Run with --help for more information.
