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
    void registerProducer(IPushProducer& p) override { producer = &p; }
    void unregisterProducer() override { producer = nullptr; }

    std::string written;
    bool disconnecting = false;
    IPushProducer* producer = nullptr;
};
// endregion: string-transport
