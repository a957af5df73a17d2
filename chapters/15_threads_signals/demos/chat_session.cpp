#include "chat_session.hpp"

#include "chat_text.hpp"
#include "gather.hpp"
#include "stream_errors.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

// What a line read from a member turned out to be.
enum class Line { text, tooLong, end, endMidLine };

struct Read {
    Line kind;
    std::string text; // without its line end
};

// region: read-member-line
// Drops the rest of a line that passed the limit, through its "\n" (or
// to the end of the stream): readUntil kept the bytes it searched, and
// says how many of them come before any "\n".
Task<void> dropRestOfLine(StreamReader reader)
{
    for (;;) {
        std::size_t noEndIn = 0; // (no co_await in a catch block)
        try {
            co_await reader.readUntil("\n");
            co_return;
        } catch (const LimitOverrunError& overrun) {
            noEndIn = overrun.consumed();
        } catch (const IncompleteReadError&) {
            co_return; // the end came first; the next read sees it
        }
        co_await reader.readExactly(noEndIn);
    }
}

// One line, or why there is none. A line past the limit is dropped whole,
// however long, so the next read starts on a fresh line; a last line with
// no "\n" means the member went away in the middle of it.
Task<Read> readMemberLine(StreamReader reader)
{
    std::string line;
    try {
        line = co_await reader.readUntil("\n");
    } catch (const LimitOverrunError&) {
        line.clear(); // dropped below, outside the catch block
    } catch (const IncompleteReadError& end) {
        co_return Read{end.partial().empty() ? Line::end : Line::endMidLine,
                       {}};
    }
    if (line.empty()) {
        co_await dropRestOfLine(reader);
        co_return Read{Line::tooLong, {}};
    }
    co_return Read{Line::text, std::string{withoutLineEnd(line)}};
}
// endregion: read-member-line

std::string tooLong(const ChatRoom& room)
{
    return "line too long: at most " +
           std::to_string(room.settings().maxLine) +
           " bytes before its end; it was dropped";
}

// region: ask-nickname
// The first line is the nickname; a refused one is answered with the
// reason, and the member may try again. Nothing if it leaves first.
Task<std::shared_ptr<ChatMember>> askNickname(ChatRoom& room,
                                              StreamReader reader,
                                              StreamWriter writer)
{
    writer.write("* Welcome! Your nickname?\n");
    for (;;) {
        Read read = co_await readMemberLine(reader);
        if (read.kind == Line::end || read.kind == Line::endMidLine) {
            co_return nullptr;
        }
        std::optional<std::string> why;
        if (read.kind == Line::tooLong) {
            why = tooLong(room);
        } else {
            why = room.refusal(read.text);
        }
        if (!why) {
            co_return room.join(std::move(read.text));
        }
        writer.write("* nickname refused: " + *why + "; another?\n");
        co_await writer.drain();
    }
}
// endregion: ask-nickname

// region: commands
// A line starting with '/'. True when the member quits.
bool command(ChatRoom& room, ChatMember& member, std::string_view text)
{
    if (text == "/quit") {
        room.tell(member, "bye");
        room.leave(member, "quit");
        return true;
    }
    if (text == "/fortune" && room.fortune) {
        room.fortune(room.handle(member)); // answered later, from the pool
    } else if (text == "/who") {
        room.who(member);
    } else if (text.starts_with("/nick ")) {
        if (auto why = room.rename(member, text.substr(6))) {
            room.tell(member, "nickname refused: " + *why);
        }
    } else {
        room.tell(member, "unknown command " + std::string{text} +
                              "; the commands: /who, /nick NEW, " +
                              (room.fortune ? "/fortune, " : "") + "/quit");
    }
    return false;
}
// endregion: commands

// region: talk
// The member's side: every line it sends, until it quits or goes.
Task<void> talk(ChatRoom& room, std::shared_ptr<ChatMember> member,
                StreamReader reader)
{
    while (member->inRoom) {
        Read read = co_await readMemberLine(reader);
        switch (read.kind) {
        case Line::end:
            room.leave(*member, "left");
            co_return;
        case Line::endMidLine:
            room.leave(*member, "disconnected in the middle of a line, "
                                "which was dropped");
            co_return;
        case Line::tooLong:
            room.tell(*member, tooLong(room));
            continue;
        case Line::text:
            break;
        }
        if (!isValidUtf8(read.text)) {
            room.tell(*member, "not valid UTF-8; the line was dropped");
        } else if (read.text.starts_with('/')) {
            if (command(room, *member, read.text)) {
                co_return;
            }
        } else {
            room.say(*member, read.text);
        }
    }
}
// endregion: talk

// region: send-queued
// The room's side: what it queued for the member, to the connection, one
// line at a time and drained, so that a member that does not read makes
// its queue grow, where the policy sees it, and not the transport's
// buffer. The empty line is the end.
Task<void> sendQueued(ChatRoom& room, std::shared_ptr<ChatMember> member,
                      StreamWriter writer)
{
    for (;;) {
        std::string line = co_await member->outbox.get();
        if (line.empty()) {
            if (member->closing) {
                // The room closed: all it queued is written; the end of
                // the stream follows it, and the member's reading ends.
                writer.close();
            }
            co_return;
        }
        room.taken(*member, line);
        writer.write(line);
        co_await writer.drain();
    }
}
// endregion: send-queued

} // namespace

// region: chat-session-body
Task<void> chatSession(ChatRoom& room, StreamReader reader,
                       StreamWriter writer)
{
    std::shared_ptr<ChatMember> member =
        co_await askNickname(room, reader, writer);
    if (!member) {
        writer.close();
        co_return;
    }
    member->onCut = [writer]() mutable { writer.abort(); };
    std::vector<Task<void>> sides;
    sides.push_back(talk(room, member, reader));
    sides.push_back(sendQueued(room, member, writer));
    std::string lost;
    try {
        co_await gather(std::move(sides)); // a failure cancels the other
    } catch (const ConnectionError& error) { // reset, or cut off
        lost = error.what();
    }
    member->onCut = nullptr; // it holds a copy of the writer
    if (!lost.empty()) {
        room.leave(*member, lost);
    }
    writer.close(); // what was written is sent first
}
// endregion: chat-session-body
