#include "ctc/http/api_types.hpp"

#include <strings.h>

namespace ctc::http {
namespace {

std::optional<std::string> findIgnoreCase(
    const std::vector<std::pair<std::string, std::string>>& list, std::string_view name) {
  for (const auto& [k, v] : list)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ApiRequest::header(std::string_view name) const {
  return findIgnoreCase(headers, name);
}

std::optional<std::string> ApiRequest::queryParam(std::string_view name) const {
  return findIgnoreCase(query, name);
}

}  // namespace ctc::http
