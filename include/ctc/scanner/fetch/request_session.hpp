#pragma once
/// What a logged-in scan adds to the fetcher: the session's headers and cookies on every request
/// (on the wire only: FetchResult::request stays as the check built it, so evidence carries no
/// secret), the sign that a response came from a lost session, and a fresh login.
#include <cstdint>

#include "ctc/scanner/fetch/http_types.hpp"

namespace ctc::scanner {

class RequestSession {
 public:
  virtual ~RequestSession() = default;
  /// The login generation now in use; a request records the one it was sent with.
  virtual uint64_t generation() const = 0;
  /// Adds the session's credentials to `wire` (the copy that is sent).
  virtual void decorate(HttpRequest& wire) const = 0;
  /// The response says the session was lost (redirect to the login page, 401, the logged-out
  /// marker).
  virtual bool lost(const FetchResult& result) const = 0;
  /// A fresh session for a request sent with generation `used`: true when one is there (a newer
  /// generation, or a login that just succeeded), false when logging in again failed or
  /// happened too often. The fetcher then sends the request once more.
  virtual bool renew(uint64_t used) = 0;
  /// Sees every response sent with the session (a rotated session cookie).
  virtual void observe(const FetchResult& result) = 0;
};

}  // namespace ctc::scanner
