#pragma once
/// The X-Request-Id of an answer: the client's own when it is sane, so a caller can find its
/// request in our log, else a new one.
#include <optional>
#include <string>

namespace ctc::http {

constexpr std::size_t kMaxRequestIdLength = 128;

/// `offered` when it is 1 to 128 printable ASCII characters (space to '~'), else a new random id.
std::string requestIdFor(const std::optional<std::string>& offered);

}  // namespace ctc::http
