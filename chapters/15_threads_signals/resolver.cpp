#include "resolver.hpp"

#include "defer_to_thread.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <utility>

Deferred<std::vector<SocketAddress>> resolve(Reactor& reactor,
                                             std::string host,
                                             std::uint16_t port)
{
    return deferToThread(reactor, [host = std::move(host), port] {
        return resolveTcp(host, port);
    });
}

bool isNumericHost(const std::string& host)
{
    in6_addr scratch{};
    return ::inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
           ::inet_pton(AF_INET6, host.c_str(), &scratch) == 1;
}
