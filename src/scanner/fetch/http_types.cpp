#include "ctc/scanner/fetch/http_types.hpp"

#include <strings.h>

namespace ctc::scanner {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view describe(FetchError error) {
  switch (error) {
    case FetchError::None:
      return "ok";
    case FetchError::Dns:
      return "host name did not resolve";
    case FetchError::Connect:
      return "connection refused";
    case FetchError::Timeout:
      return "timed out";
    case FetchError::Tls:
      return "TLS handshake failed";
    case FetchError::TooLarge:
      return "response too large";
    case FetchError::ConnectionClosed:
      return "connection closed mid-response";
    case FetchError::Cancelled:
      return "cancelled";
    case FetchError::Other:
      return "request failed";
  }
  return "request failed";
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (equalsIgnoreCase(k, name)) return v;
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headersNamed(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (equalsIgnoreCase(k, name)) out.push_back(v);
  return out;
}

bool HttpResponse::isHtml() const {
  auto ct = header("Content-Type");
  if (!ct) return false;
  std::string lower;
  for (char c : *ct) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("text/html") != std::string::npos ||
         lower.find("application/xhtml+xml") != std::string::npos;
}

}  // namespace ctc::scanner
