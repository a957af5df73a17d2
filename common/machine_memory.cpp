#include "machine_memory.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace common::memory {

namespace {

std::optional<std::size_t> parseBytes(std::string_view text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    std::size_t value = 0;
    const char* end = text.data() + text.size();
    const auto [next, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || next != end || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::string readFile(const std::string& path)
{
    std::ifstream file{path};
    return {std::istreambuf_iterator<char>{file},
            std::istreambuf_iterator<char>{}};
}

// The room under the first cgroup limit found for this process: cgroup v2
// (memory.max) or v1 (the memory controller's limit_in_bytes). Inside a
// container the process's own cgroup is often the mount's root, so the
// root's files are tried when the listed path does not exist there.
std::optional<std::size_t> cgroupRoomOfThisProcess()
{
    std::istringstream lines{readFile("/proc/self/cgroup")};
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) {
            continue;
        }
        const std::string controllers = line.substr(first + 1,
                                                    second - first - 1);
        const std::string path = line.substr(second + 1);
        const bool v2 = controllers.empty();
        if (!v2 && controllers.find("memory") == std::string::npos) {
            continue;
        }
        const std::string mount =
            v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
        const char* limit = v2 ? "/memory.max" : "/memory.limit_in_bytes";
        const char* usage = v2 ? "/memory.current" : "/memory.usage_in_bytes";
        for (const std::string& dir : {mount + path, mount}) {
            const std::string limitText = readFile(dir + limit);
            if (!limitText.empty()) {
                return cgroupRoom(limitText, readFile(dir + usage));
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::size_t> parseMemAvailable(std::string_view meminfo)
{
    constexpr std::string_view key = "MemAvailable:";
    const auto at = meminfo.find(key);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = meminfo.substr(at + key.size());
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    const auto kB = rest.find(" kB");
    if (kB == std::string_view::npos) {
        return std::nullopt;
    }
    const auto kibibytes = parseBytes(rest.substr(0, kB));
    if (!kibibytes) {
        return std::nullopt;
    }
    return *kibibytes * 1024;
}

std::optional<std::size_t> cgroupRoom(std::string_view limit,
                                      std::string_view usage)
{
    const auto limitBytes = parseBytes(limit);
    const auto usageBytes = parseBytes(usage);
    if (!limitBytes || !usageBytes) {
        return std::nullopt; // "max", or unreadable: no limit to respect
    }
    return *limitBytes > *usageBytes ? *limitBytes - *usageBytes : 0;
}

std::optional<std::size_t> machineAvailable()
{
    std::optional<std::size_t> available =
        parseMemAvailable(readFile("/proc/meminfo"));
    if (const auto room = cgroupRoomOfThisProcess();
        room && (!available || *room < *available)) {
        available = room;
    }
    return available;
}

std::size_t machineCeiling(std::size_t available)
{
    return available / 4 * 3;
}

EffectiveCap effectiveCap(std::size_t requested,
                          std::optional<std::size_t> available)
{
    if (!available) {
        return {requested, false};
    }
    // A cap of 0 bytes would read as "no cap": keep at least one byte.
    const std::size_t ceiling = std::max<std::size_t>(
        machineCeiling(*available), 1);
    if (requested == 0 || requested > ceiling) {
        return {ceiling, true};
    }
    return {requested, false};
}

} // namespace common::memory
