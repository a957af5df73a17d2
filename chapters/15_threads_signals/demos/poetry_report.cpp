#include "poetry_report.hpp"

#include "output.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

using common::counted;
using common::formatSeconds;

namespace {

// The poem's first line, its title, as the report quotes it: at most 60
// characters, anything unprintable (a server that sends no poem) as '?'.
std::string firstLine(std::string_view text)
{
    std::string line{
        text.substr(0, std::min(text.find('\n'), std::size_t{60}))};
    for (char& c : line) {
        if (c < ' ' || c > '~') {
            c = '?';
        }
    }
    return line;
}

} // namespace

PoetryReport::PoetryReport(IReactorTime& clock, std::ostream& out)
    : clock_{clock}, out_{out}
{
}

std::size_t PoetryReport::add(std::string address, std::string about)
{
    if (running_) {
        throw std::logic_error{"PoetryReport::add after start()"};
    }
    Entry& e = poems_.emplace_back();
    e.address = std::move(address);
    e.about = std::move(about);
    count_ = poems_.size();
    return poems_.size();
}

void PoetryReport::start()
{
    running_ = true;
    started_ = clock_.seconds();
    for (std::size_t poem = 1; poem <= poems_.size(); ++poem) {
        const Entry& e = poems_[poem - 1];
        out_ << "Poem " << poem << " from " << e.address
             << (e.about.empty() ? "" : " (" + e.about + ")") << ".\n";
    }
}

PoetryReport::Entry& PoetryReport::entry(std::size_t poem)
{
    if (poem == 0 || poem > poems_.size()) {
        throw std::out_of_range{"PoetryReport: no poem " +
                                std::to_string(poem)};
    }
    return poems_[poem - 1];
}

// region: report-events
void PoetryReport::chunkReceived(std::size_t poem, std::string_view chunk)
{
    entry(poem).received += chunk.size();
    bytes_ += chunk.size();
    out_ << "Poem " << poem << ": " << counted(chunk.size(), "byte") << '\n';
}

void PoetryReport::poemReceived(std::size_t poem, std::string text)
{
    if (text.empty()) {
        poemFailed(poem, "the server closed the connection without a word");
        return;
    }
    ending(poem).text = std::move(text);
}

void PoetryReport::poemFailed(std::size_t poem, std::string reason)
{
    ending(poem).failure = std::move(reason);
}

PoetryReport::Entry& PoetryReport::ending(std::size_t poem)
{
    Entry& e = entry(poem);
    if (e.text || e.failure) {
        // Each download ends once: a second end is a bug in the client.
        throw std::logic_error{"PoetryReport: poem " + std::to_string(poem) +
                               " has ended already"};
    }
    e.ended = clock_.seconds();
    ++ended_;
    return e;
}
// endregion: report-events

const std::optional<std::string>& PoetryReport::text(std::size_t poem) const
{
    if (poem == 0 || poem > poems_.size()) {
        throw std::out_of_range{"PoetryReport: no poem " +
                                std::to_string(poem)};
    }
    return poems_[poem - 1].text;
}

double PoetryReport::secondsUntil(Time when) const
{
    return std::chrono::duration<double>(when - started_).count();
}

// region: summary
int PoetryReport::summary() const
{
    double slowest = 0;
    double sum = 0;
    std::size_t got = 0;
    for (std::size_t poem = 1; poem <= poems_.size(); ++poem) {
        const Entry& e = poems_[poem - 1];
        const bool ended = e.text || e.failure;
        const double took = secondsUntil(ended ? e.ended : clock_.seconds());
        slowest = std::max(slowest, took);
        sum += took;
        if (e.text) {
            ++got;
            out_ << "Poem " << poem
                 << " done: " << counted(e.text->size(), "byte") << " in "
                 << formatSeconds(took) << ", \"" << firstLine(*e.text)
                 << "\".\n";
        } else {
            out_ << "Poem " << poem << " failed after " << formatSeconds(took)
                 << ": " << e.failure.value_or("it never ended") << ".\n";
        }
    }
    const std::size_t failed = poems_.size() - got;
    out_ << "Got " << (failed == 0 ? "" : std::to_string(got) + " of ")
         << counted(poems_.size(), "poem") << " in " << formatSeconds(slowest);
    if (poems_.size() > 1) {
        // The downloads ran side by side: the whole took as long as the
        // slowest. A client that fetched one poem after another would
        // have waited for each in turn: the sum.
        out_ << ", the slowest one's time; one after another they would "
                "have taken "
             << formatSeconds(sum);
    }
    out_ << '.'
         << (failed == 0 ? "" : " " + std::to_string(failed) + " failed.")
         << '\n';
    return failed == 0 ? 0 : 1;
}
// endregion: summary

std::string PoetryReport::describe() const
{
    return "The client had ended " + std::to_string(ended_.load()) +
           " of its " + counted(count_, "download") + ", with " +
           counted(bytes_, "byte") +
           " in all;\nthe loop was waiting in the poller for the servers' "
           "next chunks.";
}
