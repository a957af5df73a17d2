// transcript_runner: runs a chapter's executable as a reader would and checks
// what it printed against a transcript file (tests/transcripts/*.t).
//
// A transcript reads like a terminal session:
//
//   # comment
//   $ 03_select_reactor --stall-timeout 1      the command (program in --bin-dir)
//   ? exit 3                                   the expected exit code
//   ? interrupt-after Client wrote {n} bytes.  press Ctrl-C once this line shows
//   ? interrupt-when-quiet 2                   ...or once nothing shows for 2 s
//   ? signal TERM                              ...sending SIGTERM instead (INT, TERM)
//   ? deadline 30                              seconds before the run is killed
//   ? requires-descriptors 2300                skip (exit 77) below this hard
//                                              RLIMIT_NOFILE
//   Client wrote 1024 bytes.                   expected lines, in order...
//   ...                                        ...any number of lines...
//   Stalled: no progress for {n} s{*}          {n} is any number, {*} any text
//
// Expected lines match consecutive output lines; "..." alone skips any number
// of them, including at the start or the end. Without a trailing "...", the
// output must end where the transcript does.
#include "process.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Transcript {
    std::vector<std::string> command;
    int exitCode = 0;
    int deadlineSeconds = 30;
    std::string interruptAfter;
    int interruptWhenQuietSeconds = 0;
    int interruptSignal = SIGINT;
    unsigned long requiresDescriptors = 0;
    std::vector<std::string> expected;
};

std::string trimRight(std::string line)
{
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' ||
                             line.back() == '\t')) {
        line.pop_back();
    }
    return line;
}

std::vector<std::string> splitWords(const std::string& text)
{
    std::istringstream in{text};
    std::vector<std::string> words;
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

Transcript load(const std::string& path)
{
    std::ifstream in{path};
    if (!in) {
        throw std::runtime_error("cannot open transcript " + path);
    }
    Transcript t;
    for (std::string line; std::getline(in, line);) {
        line = trimRight(line);
        if (line.rfind("#", 0) == 0 || (line.empty() && t.command.empty())) {
            continue;
        }
        if (line.rfind("$ ", 0) == 0) {
            t.command = splitWords(line.substr(2));
        } else if (line.rfind("? exit ", 0) == 0) {
            t.exitCode = std::stoi(line.substr(7));
        } else if (line.rfind("? deadline ", 0) == 0) {
            t.deadlineSeconds = std::stoi(line.substr(11));
        } else if (line.rfind("? interrupt-after ", 0) == 0) {
            t.interruptAfter = line.substr(18);
        } else if (line.rfind("? interrupt-when-quiet ", 0) == 0) {
            t.interruptWhenQuietSeconds = std::stoi(line.substr(23));
        } else if (line == "? signal INT" || line == "? signal TERM") {
            t.interruptSignal = line.ends_with("TERM") ? SIGTERM : SIGINT;
        } else if (line.rfind("? requires-descriptors ", 0) == 0) {
            t.requiresDescriptors = std::stoul(line.substr(23));
        } else if (line.rfind("? ", 0) == 0) {
            throw std::runtime_error("unknown directive: " + line);
        } else {
            t.expected.push_back(line);
        }
    }
    if (t.command.empty()) {
        throw std::runtime_error(path + " has no '$ command' line");
    }
    return t;
}

// "{n}" matches a number (with sign, decimals, commas), "{*}" anything.
std::regex toRegex(const std::string& pattern)
{
    static const std::string special = R"(\^$.|?*+()[]{})";
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern.compare(i, 3, "{n}") == 0) {
            out += R"(-?[0-9][0-9,]*(\.[0-9]+)?)";
            i += 2;
        } else if (pattern.compare(i, 3, "{*}") == 0) {
            out += ".*";
            i += 2;
        } else {
            if (special.find(pattern[i]) != std::string::npos) {
                out += '\\';
            }
            out += pattern[i];
        }
    }
    return std::regex{out};
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> result;
    std::istringstream in{text};
    for (std::string line; std::getline(in, line);) {
        result.push_back(trimRight(line));
    }
    return result;
}

// Matches the expected lines against the actual ones, front to back. For
// each expected line it keeps the set of output lines where that expected
// line could start; "..." turns a set into everything from its first member
// on. Iterative on purpose: a "..." may stand for 100,000 lines.
class Matcher {
public:
    Matcher(const std::vector<std::string>& expected,
            const std::vector<std::string>& actual)
        : expected_{expected}, actual_{actual}
    {
        for (const std::string& line : expected) {
            patterns_.push_back(toRegex(line));
        }
    }

    bool matches()
    {
        std::vector<char> starts(actual_.size() + 1, 0);
        starts[0] = 1;
        for (std::size_t e = 0; e < expected_.size(); ++e) {
            starts = advance(e, starts);
            if (std::find(starts.begin(), starts.end(), 1) == starts.end()) {
                return false;
            }
            furthest_ = e + 1;
        }
        return starts[actual_.size()] == 1;
    }

    /// How many expected lines matched before the first that could not.
    std::size_t furthest() const { return furthest_; }

private:
    std::vector<char> advance(std::size_t e, const std::vector<char>& starts)
    {
        std::vector<char> next(starts.size(), 0);
        if (expected_[e] == "...") {
            const auto first = std::find(starts.begin(), starts.end(), 1);
            std::fill(first - starts.begin() + next.begin(), next.end(), 1);
            return next;
        }
        for (std::size_t a = 0; a < actual_.size(); ++a) {
            if (starts[a] && std::regex_match(actual_[a], patterns_[e])) {
                next[a + 1] = 1;
            }
        }
        return next;
    }

    const std::vector<std::string>& expected_;
    const std::vector<std::string>& actual_;
    std::vector<std::regex> patterns_;
    std::size_t furthest_ = 0;
};

int check(const std::string& binDir, const std::string& path)
{
    const Transcript t = load(path);
    if (rlimit limit{}; t.requiresDescriptors != 0 &&
                        ::getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
                        limit.rlim_max != RLIM_INFINITY &&
                        limit.rlim_max < t.requiresDescriptors) {
        std::cout << "skipped: the hard descriptor limit is below "
                  << t.requiresDescriptors << '\n';
        return 77; // CTest's SKIP_RETURN_CODE, set by add_chapter
    }
    std::vector<std::string> argv = t.command;
    argv[0] = binDir + "/" + argv[0];

    testing::ProcessOptions options;
    options.deadline = std::chrono::seconds{t.deadlineSeconds};
    options.interruptSignal = t.interruptSignal;
    options.interruptAfterQuiet =
        std::chrono::seconds{t.interruptWhenQuietSeconds};
    if (!t.interruptAfter.empty()) {
        const std::regex pattern = toRegex(t.interruptAfter);
        options.interruptWhen = [pattern](const std::string& output) {
            for (const std::string& line : lines(output)) {
                if (std::regex_match(line, pattern)) {
                    return true;
                }
            }
            return false;
        };
    }
    const testing::ProcessResult result = testing::runProcess(argv, options);
    const std::vector<std::string> actual = lines(result.output);
    Matcher matcher{t.expected, actual};
    const bool outputOk = matcher.matches();
    const bool exitOk = !result.timedOut && result.exitCode == t.exitCode;
    if (outputOk && exitOk) {
        std::cout << path << ": ok (" << actual.size() << " lines, exit "
                  << result.exitCode << ")\n";
        return 0;
    }
    std::cout << "transcript " << path << " FAILED\n";
    if (result.timedOut) {
        std::cout << "  the run passed its " << t.deadlineSeconds
                  << " s deadline and was killed\n";
    } else if (!exitOk) {
        std::cout << "  exit code " << result.exitCode << ", expected "
                  << t.exitCode << '\n';
    }
    if (!outputOk && matcher.furthest() < t.expected.size()) {
        std::cout << "  nothing in the output matched expected line "
                  << matcher.furthest() + 1 << ": "
                  << t.expected[matcher.furthest()] << '\n';
    } else if (!outputOk) {
        std::cout << "  the output goes on after the last expected line "
                     "(end the transcript with ... to allow that)\n";
    }
    std::cout << "---- output ----\n" << result.output << "---- end ----\n";
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() != 3 || args[0] != "--bin-dir") {
        std::cerr << "usage: transcript_runner --bin-dir DIR FILE.t\n";
        return 2;
    }
    try {
        return check(args[1], args[2]);
    } catch (const std::exception& error) {
        std::cerr << "transcript_runner: " << error.what() << '\n';
        return 2;
    }
}
