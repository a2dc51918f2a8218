#pragma once
/// One scan's login: it logs in before the crawl and proves it worked, puts the session's
/// cookies and headers on every request the scan's fetcher sends, notices a lost session
/// (a redirect to the login page or the logged-out marker; 401 for a token) and logs in again, at
/// most kMaxLoginsPerMinute times a minute. The one owner of a login session in a scan.
///
/// It logs in over a Fetcher of its own (same pins, rate and TLS options as the scan's), so a
/// login started inside the scan fetcher's completion callback never re-enters that fetcher.
#include <re2/re2.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/authentication.hpp"
#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/fetch/request_session.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/util/result.hpp"

namespace ctc::scanner {

class LoginSession final : public RequestSession {
 public:
  static constexpr int kMaxLoginsPerMinute = 6;

  LoginSession(Authentication auth, ParsedUrl target, FetchOptions fetchOptions,
               std::function<bool()> cancelled);

  /// Logs in and proves it. The error is a message for the user that starts with "login
  /// failed: " and says what to fix; it never contains a secret.
  Status start();

  /// How often the session was lost and renewed after start().
  int renewals() const { return renewals_; }
  /// Responses that showed the session lost when no new login was allowed (or it failed):
  /// what the scan saw of those pages is what an anonymous visitor sees.
  int lostUnrenewed() const { return lostUnrenewed_; }
  /// Requests the scan's fetcher and this session sent for logins.
  int64_t requestsSent() const { return fetcher_.requestsSent(); }
  /// Every secret value the session holds (password, token, header and cookie values), for
  /// masking evidence.
  std::vector<std::string> secrets() const;
  /// Whether an anonymous GET of `url` (no session) is kept out: 401 or 403, a redirect to the
  /// login page, the logged-out marker. One request per path, remembered; at most
  /// kMaxAnonymousChecks paths (later ones count as not needing the login).
  bool needsLogin(const std::string& url);
  static constexpr std::size_t kMaxAnonymousChecks = 100;

  uint64_t generation() const override { return generation_; }
  void decorate(HttpRequest& wire) const override;
  bool lost(const FetchResult& result) const override;
  bool renew(uint64_t used) override;
  void observe(const FetchResult& result) override;

 private:
  Status login();
  Status formLogin();
  Status jsonLogin();
  Status proveStaticCredentials();
  /// GET (following up to 5 same-origin redirects) with the jar's cookies, keeping what it sets.
  FetchResult follow(HttpRequest request);
  void keepCookies(const HttpResponse& response);
  std::string cookieHeader() const;
  /// A URL on the target's origin, or nullopt.
  std::optional<ParsedUrl> onTarget(const std::string& reference) const;
  bool showsLoggedOut(const std::string& body) const;
  bool showsLoggedIn(const std::string& body) const;

  Authentication auth_;
  ParsedUrl target_;
  Fetcher fetcher_;
  std::map<std::string, std::string> cookies_;  ///< the jar: name -> value
  std::vector<Header> headers_;                 ///< Authorization and other session headers
  std::vector<std::string> loginPaths_;         ///< the login page and its form's action
  std::unique_ptr<RE2> loggedInMarker_, loggedOutMarker_;
  uint64_t generation_ = 0;
  int renewals_ = 0;
  int lostUnrenewed_ = 0;
  std::deque<std::chrono::steady_clock::time_point> recentLogins_;
  std::map<std::string, bool> anonymousKeptOut_;  ///< path -> needsLogin()
};

}  // namespace ctc::scanner
