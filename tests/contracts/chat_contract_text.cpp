// What a chat line and a nickname may be (chat_text.hpp).
#include "chat_text.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("isValidUtf8 takes ASCII and well-formed sequences of 2, 3 and 4 "
          "bytes")
{
    CHECK(isValidUtf8(""));
    CHECK(isValidUtf8("plain ASCII"));
    CHECK(isValidUtf8("caf\xC3\xA9"));            // é
    CHECK(isValidUtf8("\xE2\x82\xAC"));           // €
    CHECK(isValidUtf8("\xF0\x9F\x98\x80"));       // U+1F600
    CHECK(isValidUtf8("\xF4\x8F\xBF\xBF"));       // U+10FFFF, the last
    CHECK(isValidUtf8("\xED\x9F\xBF"));           // U+D7FF, before the surrogates
}

TEST_CASE("isValidUtf8 refuses stray, truncated, overlong, surrogate and "
          "too-high sequences")
{
    CHECK_FALSE(isValidUtf8("\x80"));             // a continuation alone
    CHECK_FALSE(isValidUtf8("caf\xC3"));          // cut short
    CHECK_FALSE(isValidUtf8("\xE2\x82"));         // cut short
    CHECK_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(isValidUtf8("\xC1\xBF"));         // overlong
    CHECK_FALSE(isValidUtf8("\xE0\x80\xAF"));     // overlong '/'
    CHECK_FALSE(isValidUtf8("\xF0\x80\x80\xAF")); // overlong '/'
    CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));     // U+D800, a surrogate
    CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // U+110000
    CHECK_FALSE(isValidUtf8("\xF8\x88\x80\x80\x80"));
    CHECK_FALSE(isValidUtf8("\xC3\x28"));         // a bad continuation
    CHECK_FALSE(isValidUtf8("\xFF"));
}

TEST_CASE("withoutLineEnd drops \\n and a \\r before it, nothing else")
{
    CHECK(withoutLineEnd("hi\n") == "hi");
    CHECK(withoutLineEnd("hi\r\n") == "hi");
    CHECK(withoutLineEnd("hi") == "hi");
    CHECK(withoutLineEnd("\n") == "");
    CHECK(withoutLineEnd("a\rb\n") == "a\rb");
}

TEST_CASE("a nickname is refused with a reason when empty, long, invalid or "
          "confusable with the protocol")
{
    CHECK_FALSE(nicknameProblem("alice", 32).has_value());
    CHECK_FALSE(nicknameProblem("j\xC3\xBCrgen", 32).has_value());
    CHECK(nicknameProblem("", 32) == "a nickname cannot be empty");
    CHECK(nicknameProblem(std::string(33, 'a'), 32) ==
          "a nickname has at most 32 bytes");
    CHECK_FALSE(nicknameProblem(std::string(32, 'a'), 32).has_value());
    CHECK(nicknameProblem("bad\xFF", 32) == "a nickname must be valid UTF-8");
    CHECK(nicknameProblem("/quit", 32) ==
          "a nickname cannot start with '/' or '*'");
    CHECK(nicknameProblem("*star", 32) ==
          "a nickname cannot start with '/' or '*'");
    CHECK(nicknameProblem("two words", 32) ==
          "a nickname cannot hold spaces or control characters");
    CHECK(nicknameProblem("tab\there", 32) ==
          "a nickname cannot hold spaces or control characters");
    CHECK(nicknameProblem("a:b", 32) == "a nickname cannot hold ':'");
}
