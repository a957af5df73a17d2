#include "chat_room.hpp"

#include "chat_text.hpp"

#include <algorithm>
#include <stdexcept>

ChatRoom::ChatRoom(IReactorTime& clock, ChatSettings settings)
    : clock_{clock}, settings_{settings}
{
}

std::optional<std::string> ChatRoom::refusal(std::string_view nickname) const
{
    if (closed_) {
        return "the room is closing";
    }
    if (auto problem = nicknameProblem(nickname, settings_.maxNickname)) {
        return problem;
    }
    for (const auto& member : members_) {
        if (member->nickname == nickname) {
            return "'" + std::string{nickname} + "' is taken";
        }
    }
    return std::nullopt;
}

std::shared_ptr<ChatMember> ChatRoom::join(std::string nickname)
{
    if (auto why = refusal(nickname)) {
        throw std::invalid_argument{"ChatRoom::join: " + *why};
    }
    auto member =
        std::make_shared<ChatMember>(std::move(nickname), settings_.limits);
    notice(member->nickname + " joined");
    members_.push_back(member);
    who(*member);
    return member;
}

void ChatRoom::say(ChatMember& from, std::string_view text)
{
    std::string line = from.nickname;
    line.append(": ").append(text).append("\n");
    broadcast(line, &from);
}

std::optional<std::string> ChatRoom::rename(ChatMember& member,
                                            std::string_view nickname)
{
    if (nickname == member.nickname) {
        return "you are " + member.nickname + " already";
    }
    if (auto why = refusal(nickname)) {
        return why;
    }
    const std::string old = std::exchange(member.nickname, nickname);
    notice(old + " is now " + member.nickname);
    return std::nullopt;
}

void ChatRoom::who(ChatMember& member)
{
    std::string text = std::to_string(members_.size()) + " here:";
    const char* separator = " ";
    for (const auto& each : members_) {
        text.append(separator).append(each->nickname);
        separator = ", ";
    }
    tell(member, text);
}

void ChatRoom::tell(ChatMember& member, std::string_view notice)
{
    std::string line = "* ";
    line.append(notice).append("\n");
    send(member, std::move(line));
    cutThoseOver();
}

void ChatRoom::leave(ChatMember& member, std::string_view why)
{
    if (!member.inRoom) {
        return;
    }
    remove(member);
    member.outbox.putNowait(std::string{}); // its sender stops when done
    notice(member.nickname + " left (" + std::string{why} + ")");
}

// region: chat-room-close
std::size_t ChatRoom::close(std::string_view notice)
{
    closed_ = true;
    const auto members = members_; // remove() changes the list
    for (const auto& member : members) {
        send(*member, "* " + std::string{notice} + "\n");
        member->closing = true;
        closing_.push_back(member);
        remove(*member);
        member->outbox.putNowait(std::string{}); // after the notice: the end
    }
    return members.size();
}

std::size_t ChatRoom::abortAll()
{
    std::size_t aborted = 0;
    for (const auto& weak : closing_) {
        // onCut is there while the member's session is.
        if (const auto member = weak.lock(); member && member->onCut) {
            member->onCut();
            ++aborted;
        }
    }
    return aborted;
}
// endregion: chat-room-close

std::shared_ptr<ChatMember> ChatRoom::handle(const ChatMember& member) const
{
    for (const auto& each : members_) {
        if (each.get() == &member) {
            return each;
        }
    }
    return nullptr;
}

void ChatRoom::taken(ChatMember& member, const std::string& line)
{
    member.queuedBytes -= line.size();
    ++delivered_;
}

// region: send
// Every line to a member goes through here: into its queue, at once, and
// then the policy looks at the queue. A member over its limits is only
// noted here; it is cut once the line has gone to everyone, so that a
// broadcast never changes the list it walks.
void ChatRoom::send(ChatMember& to, std::string line)
{
    if (!to.inRoom) {
        return;
    }
    to.queuedBytes += line.size();
    to.peakQueued = std::max(to.peakQueued, to.queuedBytes);
    to.outbox.putNowait(std::move(line));
    ++queued_;
    if (to.policy.check(to.queuedBytes, clock_.seconds()) != Verdict::keep) {
        overLimit_.push_back(&to);
    }
}

void ChatRoom::broadcast(const std::string& line, const ChatMember* except)
{
    // A copy of the list: the members stay alive while it is walked.
    const auto members = members_;
    for (const auto& member : members) {
        if (member.get() != except) {
            send(*member, line);
        }
    }
    cutThoseOver();
}

void ChatRoom::cutThoseOver()
{
    std::vector<ChatMember*> over;
    over.swap(overLimit_);
    for (ChatMember* member : over) {
        cut(*member,
            member->policy.check(member->queuedBytes, clock_.seconds()));
    }
}
// endregion: send

void ChatRoom::notice(std::string_view text, const ChatMember* except)
{
    if (log) {
        log(text);
    }
    std::string line = "* ";
    line.append(text).append("\n");
    broadcast(line, except);
}

// region: cut
// Cutting a member drops what it was owed (Redis closes such a client at
// once too): its session aborts the connection. The notice to the others
// may in turn find another member over its limits, which is cut the same
// way.
void ChatRoom::cut(ChatMember& member, Verdict verdict)
{
    if (!member.inRoom || verdict == Verdict::keep) {
        return;
    }
    remove(member);
    member.cutAt = clock_.seconds();
    member.cutReason = member.policy.explain(verdict);
    cutOff_.push_back(Cut{member.nickname, member.peakQueued, *member.cutAt,
                          member.cutReason});
    if (member.onCut) {
        member.onCut();
    }
    while (!member.outbox.empty()) { // its memory back at once
        member.outbox.getNowait();
    }
    member.queuedBytes = 0;
    member.outbox.putNowait(std::string{});
    notice(member.nickname + " was cut off: " + member.cutReason);
}
// endregion: cut

void ChatRoom::remove(ChatMember& member)
{
    member.inRoom = false;
    std::erase_if(members_, [&member](const auto& each) {
        return each.get() == &member;
    });
}
