// The chat protocol on in-memory transports: each command and each bad
// input, a session on a StreamProtocol whose transport is a string.
#include "chat_room.hpp"
#include "chat_session.hpp"
#include "clock.hpp"
#include "stream_protocol.hpp"
#include "stream_writer.hpp"

#include "string_transport.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>

namespace {

// One connection to the room: what the member sends goes in through the
// protocol, what the room answers collects in the transport.
struct Connection {
    explicit Connection(ChatRoom& room)
        : protocol{std::make_shared<StreamProtocol>(room.settings().maxLine)}
    {
        protocol->makeConnection(transport);
        session = chatSession(room, protocol->reader(), StreamWriter{protocol});
        session.start();
        CHECK(answer() == "* Welcome! Your nickname?\n");
    }
    ~Connection()
    {
        if (!session.done()) {
            protocol->connectionLost(Reason::closedCleanly());
        }
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void send(std::string_view data) { protocol->dataReceived(data); }
    // What the room wrote since last asked.
    std::string answer() { return std::exchange(transport.written, ""); }

    StringTransport transport;
    std::shared_ptr<StreamProtocol> protocol;
    Task<void> session;
};

ChatSettings smallLines()
{
    ChatSettings settings;
    settings.maxLine = 64;
    return settings;
}

} // namespace

TEST_CASE("the first line is the nickname; the member is welcomed with who "
          "is here, and the others told")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room};
    alice.send("alice\n");
    CHECK(alice.answer() == "* 1 here: alice\n");
    Connection bob{room};
    bob.send("bob\r\n"); // telnet's line end
    CHECK(bob.answer() == "* 2 here: alice, bob\n");
    CHECK(alice.answer() == "* bob joined\n");
}

TEST_CASE("a taken, empty or invalid nickname is refused with its reason, "
          "and the member may try again")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room};
    alice.send("alice\n");
    alice.answer();
    Connection other{room};
    other.send("alice\n");
    CHECK(other.answer() ==
          "* nickname refused: 'alice' is taken; another?\n");
    other.send("\n");
    CHECK(other.answer() ==
          "* nickname refused: a nickname cannot be empty; another?\n");
    other.send("a b\n");
    CHECK(other.answer() == "* nickname refused: a nickname cannot hold "
                            "spaces or control characters; another?\n");
    other.send("\xC3\n");
    CHECK(other.answer() ==
          "* nickname refused: a nickname must be valid UTF-8; another?\n");
    std::string tooLong(100, 'n');
    tooLong.push_back('\n');
    other.send(tooLong);
    CHECK(other.answer() == "* nickname refused: line too long: at most 64 "
                            "bytes before its end; it was dropped; another?\n");
    CHECK(alice.answer().empty()); // none of this reached the room
    other.send("zoe\n");
    CHECK(other.answer() == "* 2 here: alice, zoe\n");
    CHECK(alice.answer() == "* zoe joined\n");
}

TEST_CASE("a message goes to every other member, prefixed by its sender's "
          "nickname, verbatim and not back to the sender")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room}, carol{room};
    alice.send("alice\n");
    bob.send("bob\n");
    carol.send("carol\n");
    alice.answer(), bob.answer(), carol.answer();
    alice.send("hello:  *you* /all\n");
    CHECK(alice.answer().empty());
    CHECK(bob.answer() == "alice: hello:  *you* /all\n");
    CHECK(carol.answer() == "alice: hello:  *you* /all\n");
    bob.send("two\nlines\n"); // in one read
    CHECK(alice.answer() == "bob: two\nbob: lines\n");
    CHECK(carol.answer() == "bob: two\nbob: lines\n");
    bob.send("an empty one next\n\n");
    CHECK(carol.answer() == "bob: an empty one next\nbob: \n");
}

TEST_CASE("/who, /nick NEW and an unknown command are answered")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room};
    alice.send("alice\n");
    bob.send("bob\n");
    alice.answer(), bob.answer();
    bob.send("/who\n");
    CHECK(bob.answer() == "* 2 here: alice, bob\n");
    CHECK(alice.answer().empty());
    bob.send("/nick robert\n");
    CHECK(bob.answer() == "* bob is now robert\n");
    CHECK(alice.answer() == "* bob is now robert\n");
    bob.send("/nick alice\n");
    CHECK(bob.answer() == "* nickname refused: 'alice' is taken\n");
    bob.send("/nick robert\n");
    CHECK(bob.answer() == "* nickname refused: you are robert already\n");
    bob.send("/nick \n");
    CHECK(bob.answer() == "* nickname refused: a nickname cannot be empty\n");
    bob.send("/dance\n");
    CHECK(bob.answer() == "* unknown command /dance; the commands: /who, "
                          "/nick NEW, /quit\n");
    bob.send("hi\n");
    CHECK(alice.answer() == "robert: hi\n");
}

TEST_CASE("/quit says bye, tells the others and closes the connection")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room};
    alice.send("alice\n");
    bob.send("bob\n");
    alice.answer(), bob.answer();
    bob.send("/quit\n");
    CHECK(bob.answer() == "* bye\n");
    CHECK(alice.answer() == "* bob left (quit)\n");
    CHECK(bob.session.done());
    CHECK(bob.transport.disconnecting); // the server closed it
    CHECK(room.size() == 1);
}

TEST_CASE("an over-long line is answered and dropped, and the next line is "
          "whole")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room};
    alice.send("alice\n");
    bob.send("bob\n");
    alice.answer(), bob.answer();
    const std::string forty(40, 'x');
    bob.send(forty);
    bob.send(forty);
    bob.send("\nafter\n"); // 81 bytes before the first "\n": past 64
    CHECK(bob.answer() == "* line too long: at most 64 bytes before its end; "
                          "it was dropped\n");
    CHECK(alice.answer() == "bob: after\n");
}

TEST_CASE("invalid UTF-8 is answered and dropped; nobody else sees it")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room};
    alice.send("alice\n");
    bob.send("bob\n");
    alice.answer(), bob.answer();
    bob.send("caf\xC3\x28\n");
    CHECK(bob.answer() == "* not valid UTF-8; the line was dropped\n");
    CHECK(alice.answer().empty());
    bob.send("caf\xC3\xA9\n");
    CHECK(alice.answer() == "bob: caf\xC3\xA9\n");
}

TEST_CASE("a member that disconnects in the middle of a line: the part is "
          "dropped and the others told")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room};
    alice.send("alice\n");
    bob.send("bob\n");
    alice.answer(), bob.answer();
    bob.send("half a li");
    bob.protocol->connectionLost(Reason::closedCleanly());
    CHECK(bob.session.done());
    CHECK(alice.answer() == "* bob left (disconnected in the middle of a "
                            "line, which was dropped)\n");
    CHECK(room.size() == 1);
}

TEST_CASE("a member whose connection ends cleanly has left; one reset, too, "
          "with the reason")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, bob{room}, carol{room};
    alice.send("alice\n");
    bob.send("bob\n");
    carol.send("carol\n");
    alice.answer();
    bob.protocol->connectionLost(Reason::closedCleanly());
    CHECK(alice.answer() == "* bob left (left)\n");
    carol.protocol->connectionLost(Reason::failed("recv", ECONNRESET));
    CHECK(carol.session.done());
    CHECK(alice.answer() == "* carol left (read: connection lost: recv: "
                            "Connection reset by peer)\n");
    CHECK(room.size() == 1);
}

TEST_CASE("one that leaves before choosing a nickname leaves no trace")
{
    Clock clock;
    ChatRoom room{clock, smallLines()};
    Connection alice{room}, ghost{room};
    alice.send("alice\n");
    alice.answer();
    ghost.send("gho");
    ghost.protocol->connectionLost(Reason::closedCleanly());
    CHECK(ghost.session.done());
    CHECK(alice.answer().empty());
    CHECK(room.size() == 1);
}
