#pragma once
/// Requests and responses as the scanner sees them. Expected network failures are values.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ctc::scanner {

enum class FetchError {
  None,
  Dns,               ///< host did not resolve
  Connect,           ///< refused / unreachable
  Timeout,           ///< connect or whole-request timeout
  Tls,               ///< handshake failed or (when verifying) certificate rejected
  TooLarge,          ///< body over the cap (response kept, truncated)
  ConnectionClosed,  ///< reset or closed mid-response
  Cancelled,         ///< the scan was stopped
  Other,
};

/// "dns", "connection refused", ... for messages.
std::string_view describe(FetchError error);

using Header = std::pair<std::string, std::string>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<Header> headers;
  std::string body;
  bool verifyTls = false;  ///< off for crawling (a bad cert is a finding, not a stop)
  bool verifyHost = true;  ///< with verifyTls: also check the certificate names the host
  bool anonymous = false;  ///< sent without the scan's login session (what a stranger sees)
  /// The check id (or family) this request is sent for, charged its time (CheckTimes); empty for
  /// the crawl, logins and baselines.
  std::string check;
};

struct HttpResponse {
  long status = 0;
  std::vector<Header> headers;  ///< of the final response, in order, names as sent
  std::string body;
  bool truncated = false;
  long tlsVerifyResult = 0;  ///< OpenSSL X509_V_* code (0 = ok); meaningful on https
  double seconds = 0;

  /// First header with this name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
  /// All headers with this name, in order (Set-Cookie).
  std::vector<std::string> headersNamed(std::string_view name) const;
  /// Content-Type is text/html or application/xhtml+xml.
  bool isHtml() const;
};

struct FetchResult {
  HttpRequest request;
  FetchError error = FetchError::None;
  std::string errorDetail;  ///< libcurl's message
  HttpResponse response;

  bool ok() const { return error == FetchError::None || error == FetchError::TooLarge; }
  /// "GET http://host/path" for evidence.
  std::string requestLine() const { return request.method + " " + request.url; }
};

bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace ctc::scanner
