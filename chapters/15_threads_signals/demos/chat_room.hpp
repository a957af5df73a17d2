#pragma once
// The chat room: who is in it, what each member is owed, and who is cut
// off. It knows nothing of connections: a member is a nickname and an
// outgoing queue, which a task of the member's session empties into its
// connection (chat_session.hpp). So the room can be tested on a fake
// clock, and one slow member costs the others nothing: sending to it is
// putting a line in its queue.

#include "chat_policy.hpp"
#include "queue.hpp"
#include "reactor_time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// region: chat-settings
struct ChatSettings {
    /// The longest line a member may send, not counting its "\n" (the
    /// streams' limit: chapter 13's reader holds up to twice this).
    std::size_t maxLine = 4096;
    std::size_t maxNickname = 32;
    OutputLimits limits;
};
// endregion: chat-settings

// region: chat-member
/// One member, shared by the room and the member's session.
struct ChatMember {
    ChatMember(std::string name, OutputLimits limits)
        : nickname{std::move(name)}, policy{limits}
    {
    }

    std::string nickname;
    /// Lines to send, each with its "\n"; an empty string tells the
    /// session's sending task to stop. Bounded in bytes, not in items, by
    /// the policy.
    Queue<std::string> outbox;
    std::size_t queuedBytes = 0;
    std::size_t peakQueued = 0;
    OutputPolicy policy;
    bool inRoom = true;
    /// Set when the room cut the member off: when, and why.
    std::optional<Time> cutAt;
    std::string cutReason;
    /// What the session does when the member is cut (abort its connection).
    std::function<void()> onCut;
    /// Set when the room closes (chapter 15): the session sends what is
    /// queued, then closes the connection.
    bool closing = false;
};
// endregion: chat-member

// region: chat-room
class ChatRoom {
public:
    ChatRoom(IReactorTime& clock, ChatSettings settings);

    /// Why `nickname` cannot join (or be taken by /nick); nothing if it can.
    std::optional<std::string> refusal(std::string_view nickname) const;
    /// Adds a member whose nickname refusal() accepted: it is welcomed and
    /// the others told. Throws std::invalid_argument otherwise.
    std::shared_ptr<ChatMember> join(std::string nickname);
    /// `text` to every other member as "NICK: text".
    void say(ChatMember& from, std::string_view text);
    /// Renames `member`, telling everyone; or the refusal, changing nothing.
    std::optional<std::string> rename(ChatMember& member,
                                      std::string_view nickname);
    /// "* 3 here: alice, bob, carol" to `member` alone.
    void who(ChatMember& member);
    /// One notice to `member` alone ("line too long", ...).
    void tell(ChatMember& member, std::string_view notice);
    /// The member leaves (`why`: "quit", "left", ...); the others are told,
    /// and its queue ends. Nothing happens if it is no longer in the room.
    void leave(ChatMember& member, std::string_view why);

    // region: chat-room-closing
    /// The room closes (chapter 15): every member is sent `notice` after
    /// what is queued for it, and then its connection is closed; nobody
    /// can join any more. Returns how many members were told.
    std::size_t close(std::string_view notice);
    /// Aborts the connections close() is still flushing (its time is up),
    /// dropping what they had not sent; returns how many.
    std::size_t abortAll();
    bool closed() const { return closed_; }
    /// Runs /fortune for `member` (set by the server: a slow lookup in the
    /// thread pool); without it, /fortune is an unknown command.
    std::function<void(std::shared_ptr<ChatMember>)> fortune;
    /// `member`'s shared handle (for work that answers it later).
    std::shared_ptr<ChatMember> handle(const ChatMember& member) const;
    // endregion: chat-room-closing

    /// The session's sending task took `line` from the member's queue.
    void taken(ChatMember& member, const std::string& line);

    std::size_t size() const { return members_.size(); }
    const ChatSettings& settings() const { return settings_; }
    /// Lines put in members' queues, and taken from them to be sent.
    std::uint64_t queued() const { return queued_; }
    std::uint64_t delivered() const { return delivered_; }
    /// The members cut off so far, in order.
    struct Cut {
        std::string nickname;
        std::size_t peakQueued;
        Time at;
        std::string reason;
    };
    const std::vector<Cut>& cutOff() const { return cutOff_; }
    /// Called with every notice the room sends to all (a log for --listen).
    std::function<void(std::string_view)> log;

private:
    void send(ChatMember& to, std::string line);
    void broadcast(const std::string& line, const ChatMember* except);
    void notice(std::string_view text, const ChatMember* except = nullptr);
    void cutThoseOver();
    void cut(ChatMember& member, Verdict verdict);
    void remove(ChatMember& member);

    IReactorTime& clock_;
    ChatSettings settings_;
    std::vector<std::shared_ptr<ChatMember>> members_; // in joining order
    std::vector<ChatMember*> overLimit_; // found by send(), cut after
    std::uint64_t queued_ = 0;
    std::uint64_t delivered_ = 0;
    std::vector<Cut> cutOff_;
    bool closed_ = false;
    std::vector<std::weak_ptr<ChatMember>> closing_; // told by close()
};
// endregion: chat-room
