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
  head_.append(chunk);
  for (size_t end; (end = head_.find("\r\n", scanned_)) != std::string::npos;) {
    std::string_view line(head_.data() + scanned_, end - scanned_);
    bool requestLine = scanned_ == 0;
    scanned_ = end + 2;
    if (requestLine) continue;
    if (line.empty()) {  // the blank line that ends the header section
      inBody_ = true;
      std::string().swap(head_);
      return okStatus();
    }
    if (auto checked = checkLine(line, maxBody); !checked) return checked;
  }
  return okStatus();
}

void ContentLengthGuard::reset() {
  head_.clear();
  scanned_ = 0;
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
