#include "chat_policy.hpp"

#include "output.hpp"

// region: policy-check
Verdict OutputPolicy::check(std::size_t queuedBytes, Time now)
{
    if (queuedBytes > limits_.hard) {
        return Verdict::overHard;
    }
    if (queuedBytes <= limits_.soft) {
        overSoftSince_.reset(); // a break: the soft clock starts again
        return Verdict::keep;
    }
    if (!overSoftSince_) {
        overSoftSince_ = now;
    }
    return now - *overSoftSince_ >= limits_.softFor ? Verdict::overSoftTooLong
                                                     : Verdict::keep;
}
// endregion: policy-check

std::string OutputPolicy::explain(Verdict verdict) const
{
    switch (verdict) {
    case Verdict::overHard:
        return "its queue passed the hard limit (" +
               common::formatBytes(limits_.hard) + ")";
    case Verdict::overSoftTooLong:
        return "its queue stayed above the soft limit (" +
               common::formatBytes(limits_.soft) + ") for " +
               common::formatSeconds(
                   std::chrono::duration<double>(limits_.softFor).count());
    case Verdict::keep:
        break;
    }
    return "it was not cut";
}
