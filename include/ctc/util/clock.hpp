#pragma once
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace ctc {

/// Current time as ISO-8601 UTC with seconds, e.g. "2026-11-23T01:02:03Z". Thread-safe.
std::string nowIso8601();
/// `t` in the same form.
std::string iso8601(std::time_t t);
/// "YYYY-MM-DDTHH:MM[:SS[.fraction]]" with "Z" or "+HH:MM"/"-HH:MM" (or "+HHMM"), as seconds
/// since the epoch; nullopt for anything else (a missing zone, an impossible date, a year
/// before 1970).
std::optional<std::time_t> parseIso8601(std::string_view text);

}  // namespace ctc
