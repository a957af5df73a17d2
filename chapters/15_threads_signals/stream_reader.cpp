#include "stream_reader.hpp"

#include "stream_errors.hpp"
#include "stream_wait_list.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

// region: reader-state
/// One connection's incoming bytes and who waits for them. The bytes read
/// are skipped, not erased, until they are half the string: a task that
/// reads a big buffer a line at a time does not move the rest each time.
struct StreamReader::State {
    explicit State(std::size_t most) : limit{most} {}

    std::string_view bytes() const
    {
        return std::string_view{data}.substr(head);
    }
    std::size_t size() const { return data.size() - head; }
    /// The first `n` bytes, taken out of the buffer.
    std::string take(std::size_t n);
    void discard(std::size_t n) { static_cast<void>(take(n)); }

    void throwIfFailed() const
    {
        if (error) {
            std::rethrow_exception(error);
        }
    }
    StreamWaitList::Awaiter waitForData(const char* call);
    void maybePauseTransport();
    void maybeResumeTransport();

    const std::size_t limit;
    std::string data;
    std::size_t head = 0; // data[0, head) has been read
    bool eof = false;
    std::exception_ptr error;
    ITransport* transport = nullptr;
    bool paused = false; // we asked the transport to stop reading
    StreamWaitList waiter; // the one task waiting for bytes, if any
};

std::string StreamReader::State::take(std::size_t n)
{
    std::string taken{bytes().substr(0, n)};
    head += taken.size();
    if (head == data.size()) {
        data.clear();
        head = 0;
    } else if (head > data.size() / 2) {
        data.erase(0, head);
        head = 0;
    }
    return taken;
}
// endregion: reader-state

// region: flow
void StreamReader::State::maybePauseTransport()
{
    // Twice the limit, as asyncio: room for one whole line past the
    // limit, so that readUntil can always tell "too long" from "not yet".
    if (transport != nullptr && !paused && size() > 2 * limit) {
        paused = true;
        transport->pauseReading();
    }
}

void StreamReader::State::maybeResumeTransport()
{
    if (paused && size() <= limit) {
        paused = false;
        transport->resumeReading();
    }
}

StreamWaitList::Awaiter StreamReader::State::waitForData(const char* call)
{
    if (!waiter.empty()) {
        throw std::logic_error{std::string{call} +
                               ": another task is already waiting for data "
                               "on this stream"};
    }
    // A read that needs more than the buffer holds (readExactly past
    // twice the limit) would wait for ever on a paused transport.
    if (paused) {
        paused = false;
        transport->resumeReading();
    }
    return waiter.wait();
}
// endregion: flow

namespace {

using State = StreamReader::State;

// The reads are free coroutines that hold the state by value: a task may
// outlive the StreamReader handle it was called on (a temporary, say).

// region: read
Task<std::string> readSome(std::shared_ptr<State> s, std::size_t n)
{
    s->throwIfFailed();
    if (n == 0) {
        co_return std::string{};
    }
    if (s->size() == 0 && !s->eof) {
        co_await s->waitForData("read");
    }
    std::string data = s->take(n);
    s->maybeResumeTransport();
    co_return data;
}

Task<std::string> readAll(std::shared_ptr<State> s)
{
    s->throwIfFailed();
    while (!s->eof) {
        co_await s->waitForData("read");
    }
    std::string data = s->take(s->size());
    s->maybeResumeTransport();
    co_return data;
}
// endregion: read

// region: read-exactly
Task<std::string> readExactlyFrom(std::shared_ptr<State> s, std::size_t n)
{
    s->throwIfFailed();
    // Nothing is taken until all n bytes are there: a task cancelled while
    // it waits leaves every byte that came in the buffer.
    while (s->size() < n) {
        if (s->eof) {
            std::string partial = s->take(s->size());
            s->maybeResumeTransport();
            throw IncompleteReadError{std::move(partial), n};
        }
        co_await s->waitForData("readExactly");
    }
    std::string data = s->take(n);
    s->maybeResumeTransport();
    co_return data;
}
// endregion: read-exactly

// region: read-until
Task<std::string> readUntilFrom(std::shared_ptr<State> s, std::string sep)
{
    if (sep.empty()) {
        throw std::invalid_argument{"readUntil: the separator is empty"};
    }
    s->throwIfFailed();
    // Where the search starts: the bytes before it were searched already,
    // up to a separator's length less one, which a later chunk may end.
    std::size_t offset = 0;
    std::size_t found = std::string_view::npos;
    for (;;) {
        const std::string_view bytes = s->bytes();
        if (bytes.size() >= offset + sep.size()) {
            found = bytes.find(sep, offset);
            if (found != std::string_view::npos) {
                break;
            }
            offset = bytes.size() + 1 - sep.size();
            if (offset > s->limit) {
                throw LimitOverrunError{"readUntil: the separator is not "
                                        "found, and the bytes before it "
                                        "pass the limit",
                                        offset};
            }
        }
        if (s->eof) {
            std::string partial = s->take(s->size());
            s->maybeResumeTransport();
            throw IncompleteReadError{std::move(partial), std::nullopt};
        }
        co_await s->waitForData("readUntil");
    }
    if (found > s->limit) {
        throw LimitOverrunError{"readUntil: the separator is found, but the "
                                "bytes before it pass the limit",
                                found};
    }
    std::string data = s->take(found + sep.size());
    s->maybeResumeTransport();
    co_return data;
}
// endregion: read-until

// region: read-line
Task<std::string> readLineFrom(std::shared_ptr<State> s)
{
    const std::string sep = "\n";
    try {
        co_return co_await readUntilFrom(s, sep);
    } catch (const IncompleteReadError& e) {
        co_return e.partial(); // the last line, or nothing: the end
    } catch (const LimitOverrunError& e) {
        // What has come of a line too long is dropped: through its "\n"
        // if that is there, and the next readLine starts on a line of its
        // own; else all that is buffered, and the rest of the long line,
        // still on its way, will be the next line (as in asyncio). To
        // drop a long line whole, read on with readUntil (chapter 14).
        const std::string_view bytes = s->bytes();
        if (bytes.substr(e.consumed()).starts_with(sep)) {
            s->discard(e.consumed() + sep.size());
        } else {
            s->discard(bytes.size());
        }
        s->maybeResumeTransport();
        throw;
    }
}
// endregion: read-line

} // namespace

StreamReader::StreamReader(std::size_t limit)
{
    if (limit == 0) {
        throw std::invalid_argument{"StreamReader: the limit must be at "
                                    "least 1 byte"};
    }
    state_ = std::make_shared<State>(limit);
}

Task<std::string> StreamReader::read(std::size_t n)
{
    return readSome(state_, n);
}

Task<std::string> StreamReader::read() { return readAll(state_); }

Task<std::string> StreamReader::readExactly(std::size_t n)
{
    return readExactlyFrom(state_, n);
}

Task<std::string> StreamReader::readUntil(std::string separator)
{
    return readUntilFrom(state_, std::move(separator));
}

Task<std::string> StreamReader::readLine() { return readLineFrom(state_); }

bool StreamReader::atEof() const { return state_->eof && state_->size() == 0; }

// region: feed
void StreamReader::feedData(std::string_view data)
{
    if (data.empty()) {
        return;
    }
    const std::shared_ptr<State> s = state_; // the woken task may drop us
    s->data.append(data);
    // Paused before the task is woken, not after: a task that wants more
    // than twice the limit (a big readExactly) resumes the transport as
    // it waits again, and must find it paused to do so.
    s->maybePauseTransport();
    s->waiter.wakeAll();
}

void StreamReader::feedEof()
{
    state_->eof = true;
    state_->waiter.wakeAll();
}

void StreamReader::setException(std::exception_ptr error)
{
    state_->error = error;
    state_->waiter.wakeAll(std::move(error));
}

void StreamReader::setTransport(ITransport* transport)
{
    state_->transport = transport;
    if (transport == nullptr) {
        state_->paused = false;
    }
}
// endregion: feed

std::size_t StreamReader::limit() const { return state_->limit; }

std::size_t StreamReader::buffered() const { return state_->size(); }

bool StreamReader::readingPaused() const { return state_->paused; }
