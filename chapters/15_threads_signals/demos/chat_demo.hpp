#pragma once
// The chat demo: the room played by a script in one process, and the room
// alone for outside clients (--listen).

#include "chat_room.hpp"
#include "reactor_time.hpp"

#include "options.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

struct ChatDemoSettings {
    ChatSettings room;
    /// How long the shutdown waits for members' connections to finish
    /// sending before it cuts them (chapter 15).
    Duration grace = std::chrono::seconds{5};
    /// How long /fortune's blocking work takes.
    std::chrono::milliseconds fortuneDelay{1000};
    /// The flood: at most this many lines, of this many bytes each.
    std::uint64_t floodLines = 200000;
    std::size_t floodSize = 1000;
};

/// The scripted conversation, the flood and the report; 0 when the slow
/// member was cut and every other member got every line, in order.
int runChatDemo(const ChatDemoSettings& settings,
                const common::SharedOptions& options);

/// The room on `where` until Ctrl-C, its notices printed as they happen.
int runChatServer(const ChatDemoSettings& settings,
                  const common::Endpoint& where, const std::string& backend);
