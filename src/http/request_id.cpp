#include "ctc/http/request_id.hpp"

#include <algorithm>

#include "ctc/util/secrets.hpp"

namespace ctc::http {

std::string requestIdFor(const std::optional<std::string>& offered) {
  if (offered && !offered->empty() && offered->size() <= kMaxRequestIdLength &&
      std::all_of(offered->begin(), offered->end(), [](char c) { return c >= 0x20 && c <= 0x7e; }))
    return *offered;
  return generateRequestId();
}

}  // namespace ctc::http
