#pragma once
// The /fortune command's work: slow and blocking on purpose, the kind of
// call (a slow disk, a library with no non-blocking form) that belongs in
// the thread pool and never on the loop.

#include <chrono>
#include <string>

/// Fortune number `number` (any number: they go round), after `delay`
/// spent blocked, as a slow read would be. Safe from any thread.
std::string tellFortune(unsigned number, std::chrono::milliseconds delay);
