#include "process.hpp"

#include "error.hpp"
#include "file_descriptor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace testing {

namespace {

using Clock = std::chrono::steady_clock;

// Only async-signal-safe calls here: the parent may have other threads, and
// one of them may have held malloc's lock at the moment of fork.
[[noreturn]] void execChild(char* const* args, int out)
{
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    const int devNull = ::open("/dev/null", O_RDONLY);
    ::dup2(devNull, STDIN_FILENO);
    // The child must see SIGINT even if the test blocked it.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(args[0], args);
    ::_exit(127);
}

int decodeStatus(int status)
{
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + WTERMSIG(status);
}

} // namespace

namespace {

ProcessResult collect(pid_t pid, common::FileDescriptor readEnd,
                      const ProcessOptions& options);

// The child's output goes into the write end; the test reads the other.
std::pair<common::FileDescriptor, common::FileDescriptor> makePipe()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) {
        common::throwSystemError("pipe2");
    }
    return {common::FileDescriptor{fds[0]}, common::FileDescriptor{fds[1]}};
}

pid_t forkChild()
{
    const pid_t pid = ::fork();
    if (pid < 0) {
        common::throwSystemError("fork");
    }
    return pid;
}

} // namespace

ProcessResult runInChild(const std::function<int()>& body,
                         const ProcessOptions& options)
{
    auto [readEnd, writeEnd] = makePipe();
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = forkChild();
    if (pid == 0) {
        ::dup2(writeEnd.get(), STDOUT_FILENO);
        ::dup2(writeEnd.get(), STDERR_FILENO);
        int code = 1;
        try {
            code = body();
        } catch (...) {
        }
        std::fflush(stdout);
        std::fflush(stderr);
        ::_exit(code);
    }
    writeEnd.reset();
    return collect(pid, std::move(readEnd), options);
}

ProcessResult runProcess(const std::vector<std::string>& argv,
                         const ProcessOptions& options)
{
    auto [readEnd, writeEnd] = makePipe();
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const pid_t pid = forkChild();
    if (pid == 0) {
        execChild(args.data(), writeEnd.get());
    }
    writeEnd.reset();
    return collect(pid, std::move(readEnd), options);
}

namespace {

ProcessResult collect(pid_t pid, common::FileDescriptor readEnd,
                      const ProcessOptions& options)
{
    ProcessResult result;
    bool interrupted = false;
    const auto deadline = Clock::now() + options.deadline;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - Clock::now());
        if (left.count() <= 0) {
            result.timedOut = true;
            ::kill(pid, SIGKILL);
            break;
        }
        const bool waitForQuiet =
            !interrupted && options.interruptAfterQuiet.count() > 0;
        const auto wait = waitForQuiet
                              ? std::min(left, options.interruptAfterQuiet)
                              : left;
        pollfd ready{readEnd.get(), POLLIN, 0};
        const int n = ::poll(&ready, 1, static_cast<int>(wait.count()));
        if (n < 0 && errno != EINTR) {
            common::throwSystemError("poll");
        }
        if (n == 0 && waitForQuiet && wait == options.interruptAfterQuiet) {
            interrupted = true;
            ::kill(pid, options.interruptSignal);
        }
        if (n <= 0) {
            continue;
        }
        char chunk[4096];
        const ssize_t got = ::read(readEnd.get(), chunk, sizeof chunk);
        if (got <= 0) {
            break; // end of output: the child has exited or closed it
        }
        result.output.append(chunk, static_cast<std::size_t>(got));
        if (!interrupted && options.interruptWhen &&
            options.interruptWhen(result.output)) {
            interrupted = true;
            ::kill(pid, options.interruptSignal);
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exitCode = decodeStatus(status);
    return result;
}

} // namespace

int blockForever()
{
    int fds[2];
    if (::pipe(fds) < 0) {
        return 1;
    }
    char byte;
    return static_cast<int>(::read(fds[0], &byte, 1));
}

} // namespace testing
