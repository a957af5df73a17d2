# A stall timeout that is not a number of seconds (nan would turn the
# watchdog off and let the deadlock hang forever) is refused, exit 2.
$ 03_select_reactor --stall-timeout nan
? exit 2
error: --stall-timeout: 'nan' is not a number of seconds (0 or more)
Run with --help for more information.
