#pragma once
/// URLs through libcurl's URL API (the same parser that sends the requests).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ctc/util/result.hpp"

namespace ctc::scanner {

struct ParsedUrl {
  std::string url;     ///< normalised full URL
  std::string scheme;  ///< "http" or "https"
  std::string host;    ///< without brackets for IPv6
  int port = 0;        ///< explicit or scheme default
  std::string path;    ///< at least "/"
  std::string query;   ///< without '?', may be empty

  /// scheme://host:port, the unit of same-origin scope.
  std::string origin() const;
};

/// Parses an absolute http(s) URL for a scan target. BadRequest (field "url") explains what is
/// wrong: not a URL, another scheme, no host, credentials in the URL, over 2,048 characters.
Result<ParsedUrl> parseTargetUrl(std::string_view text);

/// Resolves `reference` (an href) against `base`; drops the fragment. nullopt for non-http(s)
/// results (mailto:, javascript:, data:) or unparsable input.
std::optional<ParsedUrl> resolveReference(const std::string& base, std::string_view reference);

}  // namespace ctc::scanner

namespace ctc::scanner {

/// url with each (name, value) appended to its query, percent-encoded. Pairs containing NUL
/// are left out.
std::string appendQuery(const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace ctc::scanner
