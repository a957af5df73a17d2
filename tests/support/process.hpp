#pragma once
/// Runs a program as a child process with a deadline, capturing its output,
/// for tests that run demos the way a reader runs them.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace testing {

struct ProcessResult {
    int exitCode = -1;      ///< the exit status, or 128+signal if killed
    bool timedOut = false;  ///< the deadline passed and the child was killed
    std::string output;     ///< stdout and stderr, interleaved as written
};

struct ProcessOptions {
    std::chrono::milliseconds deadline{30'000};
    /// Called with the output so far after each read; returning true sends
    /// SIGINT to the child once (a reader pressing Ctrl-C).
    std::function<bool(const std::string&)> interruptWhen;
    /// When set, SIGINT is also sent once the child has printed nothing for
    /// this long (a reader pressing Ctrl-C at a program that hangs).
    std::chrono::milliseconds interruptAfterQuiet{0};
    /// The signal both of the above send: SIGINT, or SIGTERM for a reader
    /// who ends the program with kill.
    int interruptSignal = 2; // SIGINT, without <csignal> in every test
};

/// Runs argv[0] (a path) with the given arguments.
ProcessResult runProcess(const std::vector<std::string>& argv,
                         const ProcessOptions& options = {});

/// Runs `body` in a forked child whose exit code is what `body` returns,
/// for code that ends the process (the watchdog) or starts process-wide
/// machinery (signal masks, threads) that a test must not leave behind.
/// Only call it while the test process has a single thread.
ProcessResult runInChild(const std::function<int()>& body,
                         const ProcessOptions& options = {});

/// Blocks the calling thread in read() on a pipe that nobody writes to: a
/// system call that never returns by itself, for the watchdog's reports.
int blockForever();

} // namespace testing
