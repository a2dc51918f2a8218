#include "ctc/http/content_length_guard.hpp"

#include <strings.h>

namespace ctc::http {
namespace {

constexpr std::string_view kName = "content-length";

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Status ContentLengthGuard::feed(std::string_view chunk, uint64_t maxBody) {
  if (inBody_) return okStatus();
  pending_.append(chunk);
  size_t start = 0;
  for (size_t end; (end = pending_.find("\r\n", start)) != std::string::npos; start = end + 2) {
    std::string_view line(pending_.data() + start, end - start);
    if (!sawRequestLine_) {
      sawRequestLine_ = true;
      continue;
    }
    if (line.empty()) {  // the blank line that ends the header section
      inBody_ = true;
      std::string().swap(pending_);
      return okStatus();
    }
    if (auto checked = checkLine(line, maxBody); !checked) return checked;
  }
  pending_.erase(0, start);  // keep only the line still arriving
  return okStatus();
}

void ContentLengthGuard::reset() {
  pending_.clear();
  sawRequestLine_ = false;
  inBody_ = false;
  length_.reset();
}

Status ContentLengthGuard::checkLine(std::string_view line, uint64_t maxBody) {
  // Pistache finds the header by its name in any case, untrimmed.
  auto colon = line.find(':');
  if (colon != kName.size() || strncasecmp(line.data(), kName.data(), kName.size()) != 0)
    return okStatus();
  auto value = trimmed(line.substr(colon + 1));
  if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos)
    return Error::badRequest("invalid Content-Length header: it must be a decimal number");
  uint64_t length = 0;
  bool tooLarge = false;
  for (char digit : value) {
    length = length * 10 + static_cast<uint64_t>(digit - '0');
    if (length > maxBody) {  // also before uint64_t could overflow
      tooLarge = true;
      break;
    }
  }
  if (length_ && (tooLarge || *length_ != length))
    return Error::badRequest("conflicting Content-Length headers");
  if (tooLarge)
    return Error{ErrorKind::TooLarge,
                 "request body too large: the limit is " + std::to_string(maxBody) + " bytes",
                 {}};
  length_ = length;
  return okStatus();
}

}  // namespace ctc::http
