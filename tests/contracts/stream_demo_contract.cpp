// A contract of chapters 07 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The demo's stream, and the protocol that checks it byte by byte.
#include "stream.hpp"
#include "stream_checker.hpp"
#include "string_transport.hpp"

#include "watchdog.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <string>

TEST_CASE("the stream is the alphabet, from any offset, at any length")
{
    CHECK(streamBytes(0, 30) == "abcdefghijklmnopqrstuvwxyzabcd");
    CHECK(streamBytes(25, 3) == "zab");
    const std::string bytes = streamBytes(7, 300'000); // several pieces
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        wrong += bytes[i] == streamByte(7 + i) ? 0U : 1U;
    }
    CHECK(wrong == 0);
}

TEST_CASE("firstMismatch finds the first byte out of place, or none")
{
    std::string data = streamBytes(1000, 200'000);
    CHECK(firstMismatch(data, 1000) == std::string_view::npos);
    CHECK(firstMismatch(data, 1001) == 0); // one place off: wrong at once
    data[150'000] = '!';
    CHECK(firstMismatch(data, 1000) == 150'000);
}

TEST_CASE("the checker counts what is right and rejects what is not")
{
    std::ostringstream out;
    StreamChecker checker{out};
    StringTransport transport;
    checker.makeConnection(transport);
    checker.dataReceived(streamBytes(0, 10));
    checker.dataReceived(streamBytes(10, 5));
    CHECK(checker.received() == 15);
    try {
        checker.dataReceived("pqX"); // 15, 16 are right; 17 should be 'r'
        FAIL("a wrong byte was accepted");
    } catch (const std::runtime_error& error) {
        CHECK(std::string{error.what()} ==
              "byte 17 of the stream is 'X', not 'r'");
    }
    // The good bytes of the bad read count, and no more: the count is the
    // bad byte's offset.
    CHECK(checker.received() == 17);
}

TEST_CASE("a bad byte in a long read: the count and the offset agree")
{
    std::ostringstream out;
    StreamChecker checker{out};
    StringTransport transport;
    checker.makeConnection(transport);
    checker.dataReceived(streamBytes(0, 65'536));
    std::string read = streamBytes(65'536, 65'536);
    read[70'000 - 65'536] = '#';
    try {
        checker.dataReceived(read);
        FAIL("a wrong byte was accepted");
    } catch (const std::runtime_error& error) {
        CHECK(std::string{error.what()}.find("byte 70,000 of the stream") ==
              0);
        checker.connectionLost(Reason::threw("dataReceived", error));
    }
    CHECK(checker.received() == 70'000);
    CHECK(out.str().find("Server checked 70,000 bytes, every one in its "
                         "place.\n") == 0);
    CHECK(out.str().find("byte 70,000 of the stream is '#'") !=
          std::string::npos);
}

TEST_CASE("the checker's count agrees with its noun")
{
    std::ostringstream out;
    StreamChecker checker{out};
    checker.dataReceived(streamBytes(0, 1));
    checker.connectionLost(Reason::closedCleanly());
    CHECK(out.str().find("Server checked 1 byte, every one") == 0);
}

TEST_CASE("a lost byte is caught: the rest of the stream is out of place")
{
    std::ostringstream out;
    StreamChecker checker{out};
    std::string data = streamBytes(0, 1000);
    data.erase(500, 1);
    CHECK_THROWS_AS(checker.dataReceived(data), std::runtime_error);
}

TEST_CASE("making a long piece of the stream marks progress as it goes")
{
    const auto before = common::Watchdog::progressMarks();
    const std::string bytes = streamBytes(5, 4 * 1024 * 1024);
    CHECK(common::Watchdog::progressMarks() - before >= 4);
    CHECK(firstMismatch(bytes, 5) == std::string_view::npos);
}
