#pragma once
/// What the waiting cost: polls, CPU time against wall time, and how late
/// each click was handled.

#include "clock.hpp"
#include "mainloop.hpp"

#include <ostream>

/// CPU time this process has used so far, user plus system (getrusage).
Duration cpuTime();

/// Prints the report of one run of the loop. `cpu` is the CPU time the run
/// used, `sleep` the nap the loop took between rounds.
void printReport(std::ostream& out, const LoopStats& stats, Duration cpu,
                 Duration sleep);
