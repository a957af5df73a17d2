#pragma once
// One member's connection to the room: the line protocol.

#include "chat_room.hpp"
#include "stream_reader.hpp"
#include "stream_writer.hpp"
#include "task.hpp"

// region: chat-session
/// Serves one connection: asks for a nickname until one is accepted, then
/// reads the member's lines (messages and /who, /nick NEW, /quit) while a
/// second task sends what the room queued for it. Ends when the member
/// quits, disconnects or is cut off. `room` must outlive the task: the
/// room is the server's, and the server ends its sessions when it goes.
Task<void> chatSession(ChatRoom& room, StreamReader reader,
                       StreamWriter writer);
// endregion: chat-session
