#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctc::http {

/// Decodes %XX escapes (and '+' as space when plusIsSpace). nullopt for a malformed escape.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);

/// Splits "a=1&b=2" into decoded pairs; malformed escapes are kept literally.
std::vector<std::pair<std::string, std::string>> parseQueryString(std::string_view query);

}  // namespace ctc::http
