#pragma once
// What the files of the streams contract (chapter 13 on) share; they are
// compiled as one unit (cmake/chapter.cmake), so a helper two of them need
// is written here once.
#include "protocol.hpp"
#include "string_transport.hpp"
#include "task.hpp"

#include <cstddef>
#include <string>
#include <utility>

/// asyncio's test_streams.py feeds this: three lines, 18 bytes.
inline const std::string streamData = "line1\nline2\nline3\n";

/// Starts `task` from plain code: it runs until it first waits, and the
/// test then feeds the reader and looks at it again.
template <typename T>
Task<T> started(Task<T> task)
{
    task.start();
    return task;
}

/// A transport made of a string that also records read-side flow control
/// (chapter 13's pauseReading/resumeReading).
class PausableTransport : public StringTransport {
public:
    void pauseReading() override
    {
        readingPaused = true;
        ++pauses;
    }
    void resumeReading() override
    {
        readingPaused = false;
        ++resumes;
    }
    void abortConnection() override { aborted = true; }
    void loseWriteConnection() override { writeClosed = true; }

    bool readingPaused = false;
    int pauses = 0;
    int resumes = 0;
    bool aborted = false;
    bool writeClosed = false;
};

/// What the exception of a done task says, or "" if it has none.
template <typename T>
std::string failureOf(Task<T>& task)
{
    try {
        task.result();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}
