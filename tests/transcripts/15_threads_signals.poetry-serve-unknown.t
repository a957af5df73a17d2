# A poem the project does not have, and no file by that name: the line
# names the poems there are.
$ 15_threads_signals poetry serve --delay 100 --chunk 30 ode-to-a-nightingale
? exit 2
error: no poem 'ode-to-a-nightingale': use science, ecstasy, chapman or summer, or a file
Run with --help for more information.
