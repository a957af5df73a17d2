#pragma once
// A transport made of a string: what the protocol writes is appended to
// `written`, and loseConnection is only noted. Twisted's test helpers have
// the same thing (StringTransport), for the same reason: a protocol is
// tested by calling it, with no socket and no loop.
#include "protocol.hpp"

#include <string>
#include <string_view>

// region: string-transport
class StringTransport : public ITransport {
public:
    void write(std::string_view data) override { written.append(data); }
    void loseConnection() override { disconnecting = true; }

    std::string written;
    bool disconnecting = false;
};
// endregion: string-transport
