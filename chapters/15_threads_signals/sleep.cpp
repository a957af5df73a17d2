#include "sleep.hpp"

Sleep::~Sleep()
{
    if (call_.active()) {
        call_.cancel();
    }
}

void Sleep::cancel()
{
    call_.cancel();
    suspension_.resumeCancelled();
}
