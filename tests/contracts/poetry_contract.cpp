// A contract of chapters 10 on, written once and compiled into each
// chapter's tests against its own headers (CONTRACTS in CMakeLists.txt).
// The poetry demo's shared parts: the poems shipped with the project and
// the report the three clients print, on the fake clock.
#include "clock.hpp"
#include "poems.hpp"
#include "poetry_report.hpp"

#include "error.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

TEST_CASE("the poems: several, named apart, plain ASCII, title first")
{
    REQUIRE(poems().size() >= 3);
    std::set<std::string_view> names;
    for (const Poem& poem : poems()) {
        CAPTURE(poem.name);
        names.insert(poem.name);
        CHECK(poem.text.starts_with(std::string{poem.title} + "\n\n"));
        CHECK(poem.text.ends_with("-- " + std::string{poem.author} + "\n"));
        for (const char c : poem.text) {
            CHECK((c == '\n' || (c >= ' ' && c <= '~')));
        }
        CHECK(findPoem(poem.name)->text == poem.text);
        CHECK(loadPoem(poem.name) == poem.text);
    }
    CHECK(names.size() == poems().size());
    CHECK(!findPoem("no such poem"));
}

TEST_CASE("loadPoem reads a file, and names the poems when there is none")
{
    const std::string path = "poetry_contract_poem.txt";
    {
        std::ofstream file{path};
        file << "A line of my own\n";
    }
    CHECK(loadPoem(path) == "A line of my own\n");
    std::remove(path.c_str());
    try {
        loadPoem(path);
        FAIL("a missing file is a usage error");
    } catch (const common::UsageError& error) {
        CHECK(std::string{error.what()} ==
              "no poem '" + path + "': use " + poemNames() + ", or a file");
    }
    CHECK_THROWS_AS(loadPoem(""), common::UsageError);
    CHECK(poemNames().find(" or ") != std::string::npos);
}

namespace {

struct ReportFixture {
    Clock clock;
    std::ostringstream out;
    PoetryReport report{clock, out};
};

} // namespace

TEST_CASE("the report: a line per chunk, then each poem and the total")
{
    ReportFixture f;
    CHECK(f.report.add("127.0.0.1:9000", "science, 30 bytes every 100 ms") ==
          1);
    CHECK(f.report.add("unix:/tmp/poems") == 2);
    CHECK(f.report.add("127.0.0.1:1") == 3);
    f.report.start();
    CHECK(f.out.str() ==
          "Poem 1 from 127.0.0.1:9000 (science, 30 bytes every 100 ms).\n"
          "Poem 2 from unix:/tmp/poems.\n"
          "Poem 3 from 127.0.0.1:1.\n");
    f.out.str("");

    f.report.poemFailed(3, "connect to 127.0.0.1:1: Connection refused");
    f.report.chunkReceived(2, "Sonnet 18\n");
    f.clock.advance(100ms);
    f.report.chunkReceived(1, "Title\n\nA verse");
    f.report.chunkReceived(2, "Shall");
    f.clock.advance(1100ms);
    f.report.poemReceived(2, "Sonnet 18\nShall");
    CHECK(!f.report.done());
    f.clock.advance(800ms);
    f.report.poemReceived(1, "Title\n\nA verse");
    CHECK(f.report.done());
    CHECK(*f.report.text(1) == "Title\n\nA verse");
    CHECK(!f.report.text(3));

    CHECK(f.report.summary() == 1);
    CHECK(f.out.str() ==
          "Poem 2: 10 bytes\n"
          "Poem 1: 14 bytes\n"
          "Poem 2: 5 bytes\n"
          "Poem 1 done: 14 bytes in 2.00 s, \"Title\".\n"
          "Poem 2 done: 15 bytes in 1.20 s, \"Sonnet 18\".\n"
          "Poem 3 failed after 0 ms: connect to 127.0.0.1:1: Connection "
          "refused.\n"
          "Got 2 of 3 poems in 2.00 s, the slowest one's time; one after "
          "another they would have taken 3.20 s. 1 failed.\n");
}

TEST_CASE("the report: every poem got is exit 0, and the total is the "
          "slowest, not the sum")
{
    ReportFixture f;
    f.report.add("a:1");
    f.report.add("b:2");
    f.report.start();
    f.clock.advance(1s);
    f.report.poemReceived(1, "One");
    f.clock.advance(1s);
    f.report.poemReceived(2, "Two");
    f.out.str("");
    CHECK(f.report.summary() == 0);
    CHECK(f.out.str() ==
          "Poem 1 done: 3 bytes in 1.00 s, \"One\".\n"
          "Poem 2 done: 3 bytes in 2.00 s, \"Two\".\n"
          "Got 2 poems in 2.00 s, the slowest one's time; one after another "
          "they would have taken 3.00 s.\n");
}

TEST_CASE("the report: one poem has no sum to compare with")
{
    ReportFixture f;
    f.report.add("a:1");
    f.report.start();
    f.clock.advance(1ms);
    f.report.poemFailed(1, "connect to a:1: Connection refused");
    f.out.str("");
    CHECK(f.report.summary() == 1);
    CHECK(f.out.str() ==
          "Poem 1 failed after 1 ms: connect to a:1: Connection refused.\n"
          "Got 0 of 1 poem in 1 ms. 1 failed.\n");
}

TEST_CASE("the report: an empty poem fails, a title is cut and cleaned, "
          "and a poem ends once")
{
    ReportFixture f;
    f.report.add("a:1");
    f.report.add("b:2");
    f.report.start();
    f.report.poemReceived(1, "");
    std::string longTitle(70, 'x');
    longTitle += "\x01\n"; // appended: GCC 12 misreads `string + "..."`
    f.report.poemReceived(2, longTitle);
    CHECK_THROWS_AS(f.report.poemReceived(1, "again"), std::logic_error);
    CHECK_THROWS_AS(f.report.poemFailed(2, "again"), std::logic_error);
    CHECK_THROWS_AS(f.report.chunkReceived(3, "x"), std::out_of_range);
    CHECK_THROWS_AS(f.report.add("c:3"), std::logic_error);
    f.out.str("");
    CHECK(f.report.summary() == 1);
    CHECK(f.out.str().find("Poem 1 failed after 0 ms: the server closed the "
                           "connection without a word.\n") == 0);
    CHECK(f.out.str().find("\"" + std::string(60, 'x') + "\"") !=
          std::string::npos);
}

TEST_CASE("the report: an unprintable first line is quoted with '?'")
{
    ReportFixture f;
    f.report.add("a:1");
    f.report.start();
    f.report.poemReceived(1, "tab\there\r\n");
    f.out.str("");
    f.report.summary();
    CHECK(f.out.str().find("\"tab?here?\"") != std::string::npos);
}

TEST_CASE("the report says what the client was waiting for")
{
    ReportFixture f;
    f.report.add("a:1");
    f.report.add("b:2");
    f.report.start();
    f.report.chunkReceived(1, "1234");
    f.report.poemReceived(1, "1234");
    CHECK(f.report.describe() ==
          "The client had ended 1 of its 2 downloads, with 4 bytes in all;\n"
          "the loop was waiting in the poller for the servers' next chunks.");
}
