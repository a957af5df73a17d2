#include "demo.hpp"

#include "output.hpp"
#include "socket.hpp"

#include <iostream>

using common::counted;
using common::withCommas;

Demo::Demo(std::size_t maximum)
    : maximum_{maximum},
      client_{std::make_shared<PingPongProtocol>("Client", maximum)}
{
}

std::shared_ptr<Protocol> Demo::newServer()
{
    ++servers_;
    return std::make_shared<PingPongProtocol>("Server");
}

void Demo::start()
{
    started_ = std::chrono::steady_clock::now();
    playing_ = true;
}

// region: report
int Demo::report() const
{
    const std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - started_;
    const std::size_t received = client_->received();
    if (received < maximum_) {
        std::cout << "The game ended early: the client received "
                  << withCommas(received) << " of its "
                  << counted(maximum_, "byte") << ".\n";
        return 1;
    }
    // The client has one byte in flight at a time, so each of its reads
    // ends one round trip; the first read may carry two bytes, since both
    // sides serve when the connection is made.
    const std::size_t trips = client_->reads();
    const double perSecond = static_cast<double>(trips) / took.count();
    std::cout << "Game over: the client received its "
              << counted(received, "byte") << " in "
              << counted(trips, "round trip") << ".\n"
              << "They took " << common::formatSeconds(took.count()) << ": "
              << counted(static_cast<std::uint64_t>(perSecond), "round trip")
              << " per second.\n";
    return 0;
}
// endregion: report

std::string Demo::describe() const
{
    // Before the loop starts, the client may wait in connect() (for a
    // server whose queue is full): then that is the story, not the loop.
    if (std::string connecting = common::describeConnecting();
        !connecting.empty()) {
        return connecting;
    }
    if (!playing_) {
        const std::size_t served = servers_;
        return "The server was waiting in select() for clients and their "
               "bytes;\nit has had " +
               counted(served, "connection") + ".";
    }
    return "The client has received " + withCommas(client_->received()) +
           " of its " + counted(maximum_, "byte") +
           "\nand is waiting in select() for the next one. Each side "
           "writes only when it\nreceives, so a byte that never comes "
           "stops the game.";
}
