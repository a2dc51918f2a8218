#include "ctc/http/request_framer.hpp"

#include <algorithm>
#include <cctype>

namespace ctc::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxChunkSizeLine = 1024;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

/// Field values may hold visible characters, spaces, tabs and obs-text, never other controls.
bool isFieldValue(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

/// A plain decimal number no larger than max; nullopt when not a number, `tooLarge` when over.
std::optional<uint64_t> decimal(std::string_view s, uint64_t max, bool& tooLarge) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  uint64_t value = 0;
  for (char digit : s) {
    value = value * 10 + static_cast<uint64_t>(digit - '0');
    if (value > max) {  // also before uint64_t could overflow
      tooLarge = true;
      return value;
    }
  }
  return value;
}

}  // namespace

void RequestFramer::append(std::string_view bytes) {
  if (start_ > 0 && start_ * 2 >= buffer_.size()) {  // drop what earlier messages took
    buffer_.erase(0, start_);
    bodyStart_ = bodyStart_ > start_ ? bodyStart_ - start_ : 0;
    chunkCursor_ = chunkCursor_ > start_ ? chunkCursor_ - start_ : 0;
    trailerStart_ = trailerStart_ > start_ ? trailerStart_ - start_ : 0;
    headScan_ = headScan_ > start_ ? headScan_ - start_ : 0;
    start_ = 0;
  }
  buffer_.append(bytes);
}

RequestFramer::Event RequestFramer::error(int status, std::string reason) {
  Event e;
  e.kind = Event::Kind::Error;
  e.status = status;
  e.reason = std::move(reason);
  failed_ = e;
  return e;
}

RequestFramer::Event RequestFramer::next() {
  if (failed_) return *failed_;
  if (phase_ != Phase::Body) {
    // Empty lines before a request line are skipped (RFC 9112 §2.2): some clients end a POST
    // body with an extra CRLF.
    while (buffer_.compare(start_, 2, kCrlf) == 0) start_ += 2;
    if (buffered() == 0) {
      phase_ = Phase::Idle;
      return {};
    }
    if (phase_ == Phase::Idle) headScan_ = start_;
    phase_ = Phase::Head;
    // headScan_: where the search for the blank line resumes, so a head sent byte by byte is
    // read once, not once per byte.
    auto lineEnd = buffer_.find(kCrlf, start_);
    // A CR at the end may be the start of the line's CRLF: not part of its length.
    std::size_t lineLength =
        lineEnd == std::string::npos ? buffered() - (buffer_.back() == '\r') : lineEnd - start_;
    if (lineLength > limits_.requestLine)
      return error(431,
                   "request line longer than " + std::to_string(limits_.requestLine) + " bytes");
    if (lineEnd == std::string::npos) return {};
    auto headEnd = buffer_.find("\r\n\r\n", std::max(headScan_, lineEnd));
    std::size_t headLength = headEnd == std::string::npos ? buffered() : headEnd + 4 - start_;
    if (headLength > limits_.headerSection)
      return error(431, "request header section larger than " +
                            std::to_string(limits_.headerSection) + " bytes");
    if (headEnd == std::string::npos) {
      headScan_ = std::max(start_, buffer_.size() - std::min<std::size_t>(buffer_.size(), 3));
      return {};
    }
    if (auto failed = readHead(headEnd + 2)) return *failed;
    phase_ = Phase::Body;
    bodyStart_ = headEnd + 4;
    chunkCursor_ = bodyStart_;
    chunkRemaining_ = 0;
    inTrailers_ = false;
    decoded_ = 0;
    headAnnounced_ = false;
  }
  if (head_.chunked) {
    bool complete = false;
    if (auto failed = scanChunks(complete)) return *failed;
    if (complete) return takeMessage(chunkCursor_);
  } else if (buffer_.size() - bodyStart_ >= head_.contentLength) {
    return takeMessage(bodyStart_ + head_.contentLength);
  }
  if (!headAnnounced_) {
    headAnnounced_ = true;
    if (buffer_.size() == bodyStart_)
      return Event{Event::Kind::HeadReady, buffer_.substr(start_, bodyStart_ - start_), 0, {}};
  }
  return {};
}

std::optional<RequestFramer::Event> RequestFramer::readHead(std::size_t end) {
  head_ = RequestHead{};
  std::string_view all(buffer_.data() + start_, end - start_);
  auto lineEnd = all.find(kCrlf);
  std::string_view requestLine = all.substr(0, lineEnd);
  auto firstSpace = requestLine.find(' ');
  auto lastSpace = requestLine.rfind(' ');
  if (firstSpace == std::string_view::npos || firstSpace == lastSpace)
    return error(400, "malformed request line");
  std::string_view method = requestLine.substr(0, firstSpace);
  std::string_view target = requestLine.substr(firstSpace + 1, lastSpace - firstSpace - 1);
  std::string_view version = requestLine.substr(lastSpace + 1);
  if (!isToken(method) || target.empty() || target.find(' ') != std::string_view::npos ||
      !isFieldValue(target))
    return error(400, "malformed request line");
  if (version == "HTTP/1.0") {
    head_.http10 = true;
  } else if (version != "HTTP/1.1") {
    // 400, not 505: a client mistake is never answered with a 5xx that monitoring counts as ours.
    return error(400, "malformed request line: only HTTP/1.0 and HTTP/1.1 are supported");
  }
  head_.method = std::string(method);
  head_.target = std::string(target);

  std::optional<uint64_t> contentLength;
  int transferEncodings = 0;
  bool closeToken = false, keepAliveToken = false;
  for (std::size_t at = lineEnd + 2; at < all.size();) {
    auto next = all.find(kCrlf, at);
    std::string_view line = all.substr(at, next - at);
    at = next + 2;
    if (line.front() == ' ' || line.front() == '\t')
      return error(400, "obsolete line folding in a header");
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !isToken(line.substr(0, colon)))
      return error(400, "malformed header line");
    std::string name = lowered(line.substr(0, colon));
    std::string_view value = trimmed(line.substr(colon + 1));
    if (!isFieldValue(value)) return error(400, "control character in header " + name);
    if (name == "content-length") {
      bool tooLarge = false;
      auto length = decimal(value, limits_.body, tooLarge);
      if (!length) return error(400, "invalid Content-Length header: it must be a decimal number");
      if (contentLength && (tooLarge || *contentLength != *length))
        return error(400, "conflicting Content-Length headers");
      if (tooLarge)
        return error(
            413, "request body too large: the limit is " + std::to_string(limits_.body) + " bytes");
      contentLength = length;
    } else if (name == "transfer-encoding") {
      ++transferEncodings;
      if (lowered(value) != "chunked" || transferEncodings > 1)
        return error(400, "Transfer-Encoding '" + std::string(value) +
                              "' is not supported: send chunked or a Content-Length");
      head_.chunked = true;
    } else if (name == "connection") {
      for (std::size_t from = 0; from <= value.size();) {
        auto comma = std::min(value.find(',', from), value.size());
        auto token = lowered(trimmed(value.substr(from, comma - from)));
        closeToken = closeToken || token == "close";
        keepAliveToken = keepAliveToken || token == "keep-alive";
        from = comma + 1;
      }
    } else if (name == "x-request-id") {
      head_.requestId = std::string(value);
    } else if (name == "expect") {
      if (lowered(value) != "100-continue")
        return error(417, "only 'Expect: 100-continue' is supported");
      head_.expectContinue = !head_.http10;
    }
  }
  // Both framings at once is how requests are smuggled past proxies (RFC 9112 §6.1).
  if (head_.chunked && contentLength)
    return error(400, "Transfer-Encoding and Content-Length in one request");
  head_.contentLength = contentLength.value_or(0);
  head_.keepAlive = head_.http10 ? keepAliveToken && !closeToken : !closeToken;
  return std::nullopt;
}

std::optional<RequestFramer::Event> RequestFramer::scanChunks(bool& complete) {
  for (;;) {
    if (chunkRemaining_ > 0) {  // inside a chunk's data and its closing CRLF
      uint64_t available = buffer_.size() - chunkCursor_;
      uint64_t taken = std::min(available, chunkRemaining_);
      chunkCursor_ += taken;
      chunkRemaining_ -= taken;
      if (chunkRemaining_ > 0) return std::nullopt;
      if (buffer_.compare(chunkCursor_ - 2, 2, kCrlf) != 0)
        return error(400, "chunk data not followed by CRLF");
      continue;
    }
    auto eol = buffer_.find(kCrlf, chunkCursor_);
    // Limits are checked the same way whether the end of a line has arrived or not, so the
    // verdict never depends on how the bytes were split into reads.
    if (inTrailers_) {
      std::size_t upTo = eol == std::string::npos ? buffer_.size() : eol + 2;
      if (upTo - trailerStart_ > limits_.headerSection)
        return error(431, "request trailer section too large");
      if (eol == std::string::npos) return std::nullopt;
      bool last = eol == chunkCursor_;
      chunkCursor_ = eol + 2;
      if (last) {
        complete = true;
        return std::nullopt;
      }
      continue;
    }
    bool pendingCr = buffer_.size() > chunkCursor_ && buffer_.back() == '\r';
    std::size_t lineLength =
        (eol == std::string::npos ? buffer_.size() - pendingCr : eol) - chunkCursor_;
    if (lineLength > kMaxChunkSizeLine) return error(400, "chunk size line too long");
    if (eol == std::string::npos) return std::nullopt;
    std::string_view line(buffer_.data() + chunkCursor_, eol - chunkCursor_);
    auto digits = line.substr(0, std::min(line.find_first_of("; \t"), line.size()));
    if (digits.empty() || digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      return error(400, "malformed chunk size");
    uint64_t size = 0;
    for (char c : digits) {
      size = size * 16 + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(c))
                                                   ? c - '0'
                                                   : std::tolower(c) - 'a' + 10);
      if (size > limits_.body) break;  // before it could overflow
    }
    chunkCursor_ = eol + 2;
    decoded_ += size;
    if (size > limits_.body || decoded_ > limits_.body)
      return error(
          413, "request body too large: the limit is " + std::to_string(limits_.body) + " bytes");
    if (size == 0) {
      inTrailers_ = true;
      trailerStart_ = chunkCursor_;
    } else
      chunkRemaining_ = size + 2;
  }
}

RequestFramer::Event RequestFramer::takeMessage(std::size_t end) {
  Event e;
  e.kind = Event::Kind::Message;
  e.bytes = buffer_.substr(start_, end - start_);
  start_ = end;
  phase_ = Phase::Idle;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  return e;
}

}  // namespace ctc::http
