#pragma once
#include <string>

namespace ctc {

/// Current time as ISO-8601 UTC with seconds, e.g. "2026-11-23T01:02:03Z". Thread-safe.
std::string nowIso8601();

}  // namespace ctc
