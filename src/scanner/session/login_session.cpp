#include "ctc/scanner/session/login_session.hpp"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ctc/scanner/crawl/html_links.hpp"
#include "ctc/scanner/fetch/set_cookie.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"

namespace ctc::scanner {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxRedirects = 5;
constexpr std::size_t kMaxLoginLinks = 5;  // pages tried when the login URL is not given

Status failed(const std::string& why) {
  return Error::badRequest("login failed: " + why);
}

std::string pathOf(const std::string& url) {
  auto parsed = parseTargetUrl(url);
  return parsed ? parsed->path : url;
}

/// "POST /login.php" for messages: the request without host, query or body.
std::string said(const std::string& method, const std::string& url) {
  return method + " " + pathOf(url);
}

const HtmlForm* passwordForm(const HtmlLinks& html, const std::string& passwordField) {
  for (const auto& form : html.forms)
    for (const auto& field : form.fields)
      if (passwordField.empty() ? field.type == "password" : field.name == passwordField)
        return &form;
  return nullptr;
}

bool hasPasswordForm(const std::string& body) {
  return passwordForm(extractLinks(body), "") != nullptr;
}

std::unique_ptr<RE2> markerRegex(const std::string& marker) {
  if (marker.empty()) return nullptr;
  auto re = std::make_unique<RE2>(marker, RE2::Quiet);
  return re->ok() ? std::move(re) : nullptr;
}

bool matches(const std::string& body, const std::string& marker, const RE2* regex) {
  if (marker.empty()) return false;
  if (body.find(marker) != std::string::npos) return true;
  return regex && RE2::PartialMatch(body, *regex);
}

std::string base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

void jsonStrings(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_structured())
    for (const auto& item : value) jsonStrings(item, out);
}

}  // namespace

LoginSession::LoginSession(Authentication auth, ParsedUrl target, FetchOptions fetchOptions,
                           std::function<bool()> cancelled)
    : auth_(std::move(auth)),
      target_(std::move(target)),
      fetcher_(std::move(fetchOptions), std::move(cancelled)),
      loggedInMarker_(markerRegex(auth_.loggedInMarker)),
      loggedOutMarker_(markerRegex(auth_.loggedOutMarker)) {}

Status LoginSession::start() {
  switch (auth_.type) {
    case AuthType::Bearer:
      headers_.push_back({"Authorization", "Bearer " + auth_.token});
      break;
    case AuthType::Basic:
      headers_.push_back(
          {"Authorization", "Basic " + base64(auth_.username + ":" + auth_.password)});
      break;
    case AuthType::Headers:
      for (const auto& [name, value] : auth_.headers) headers_.push_back({name, value});
      break;
    case AuthType::Cookies:
      cookies_ = auth_.cookies;
      break;
    case AuthType::Form:
    case AuthType::JsonLogin:
      return login();
  }
  return proveStaticCredentials();
}

Status LoginSession::login() {
  recentLogins_.push_back(Clock::now());
  auto done = auth_.type == AuthType::JsonLogin ? jsonLogin() : formLogin();
  if (done) ++generation_;
  return done;
}

std::optional<ParsedUrl> LoginSession::onTarget(const std::string& reference) const {
  auto url = resolveReference(target_.url, reference);
  if (!url || url->origin() != target_.origin()) return std::nullopt;
  return url;
}

void LoginSession::keepCookies(const HttpResponse& response) {
  for (const auto& header : response.headersNamed("Set-Cookie")) {
    SetCookie c = parseSetCookie(header);
    if (c.name.empty()) continue;
    if (c.value.empty() || c.value == "deleted")
      cookies_.erase(c.name);
    else
      cookies_[c.name] = c.value;
  }
}

std::string LoginSession::cookieHeader() const {
  std::string out;
  for (const auto& [name, value] : cookies_) out += (out.empty() ? "" : "; ") + name + "=" + value;
  return out;
}

FetchResult LoginSession::follow(HttpRequest request) {
  for (int hop = 0;; ++hop) {
    if (!cookies_.empty()) request.headers.push_back({"Cookie", cookieHeader()});
    FetchResult r = fetcher_.fetch(request);
    if (!r.ok()) return r;
    keepCookies(r.response);
    auto location = r.response.header("Location");
    if (r.response.status < 300 || r.response.status >= 400 || !location || hop >= kMaxRedirects)
      return r;
    auto next = resolveReference(r.request.url, *location);
    if (!next || next->origin() != target_.origin()) return r;  // never leave the target
    request = HttpRequest{"GET", next->url, {}, ""};
  }
}

Status LoginSession::formLogin() {
  // The page with the form: the login URL, or the target and the login-like pages it links.
  std::vector<std::string> pages;
  if (!auth_.loginUrl.empty()) {
    auto url = onTarget(auth_.loginUrl);
    if (!url) return failed("the login URL is not on the target's origin");
    pages.push_back(url->url);
  } else {
    pages.push_back(target_.url);
  }
  FetchResult page;
  const HtmlForm* form = nullptr;
  HtmlLinks html;
  for (std::size_t i = 0; i < pages.size() && !form; ++i) {
    page = follow(HttpRequest{"GET", pages[i], {}, ""});
    if (!page.ok())
      return failed("GET " + pathOf(pages[i]) + ": " + std::string(describe(page.error)));
    html = extractLinks(page.response.body);
    form = passwordForm(html, auth_.passwordField);
    if (form || !auth_.loginUrl.empty() || i > 0) continue;
    static const RE2 kLoginLink(R"re((?i)(log|sign)[-_ ]?in|auth|account|session)re");
    for (const auto& href : html.hrefs)
      if (auto link = resolveReference(page.request.url, href);
          link && link->origin() == target_.origin() && RE2::PartialMatch(link->path, kLoginLink) &&
          pages.size() <= kMaxLoginLinks &&
          std::find(pages.begin(), pages.end(), link->url) == pages.end())
        pages.push_back(link->url);
  }
  std::string where = pathOf(page.request.url);
  if (!form)
    return failed(auth_.passwordField.empty()
                      ? "no form with a password field at " + where
                      : "no form with the field \"" + auth_.passwordField + "\" at " + where);

  std::vector<std::pair<std::string, std::string>> fields;
  bool userSet = false;
  for (const auto& field : form->fields) {
    std::string value = field.value;
    bool isPassword =
        auth_.passwordField.empty() ? field.type == "password" : field.name == auth_.passwordField;
    bool isUser = auth_.usernameField.empty()
                      ? !userSet && (field.type == "text" || field.type == "email")
                      : field.name == auth_.usernameField;
    if (isPassword) {
      value = auth_.password;
    } else if (isUser) {
      value = auth_.username;
      userSet = true;
    } else if (field.type == "checkbox" || field.type == "radio") {
      continue;  // unticked unless extra_fields says otherwise
    }
    if (auto extra = auth_.extraFields.find(field.name); extra != auth_.extraFields.end())
      value = extra->second;
    fields.emplace_back(field.name, value);
  }
  if (!userSet)
    return failed(auth_.usernameField.empty()
                      ? "no user name field beside the password at " + where
                      : "no field \"" + auth_.usernameField + "\" in the login form at " + where);
  for (const auto& extra : auth_.extraFields)
    if (std::none_of(fields.begin(), fields.end(),
                     [&extra](const auto& f) { return f.first == extra.first; }))
      fields.emplace_back(extra.first, extra.second);
  if (!form->buttons.empty())
    fields.emplace_back(form->buttons.front().name, form->buttons.front().value);

  auto action =
      resolveReference(page.request.url, form->action.empty() ? page.request.url : form->action);
  if (!action || action->origin() != target_.origin())
    return failed("the login form at " + where + " posts to another origin");
  loginPaths_ = {pathOf(page.request.url), action->path};

  HttpRequest submit;
  submit.method = form->method == "GET" ? "GET" : "POST";
  if (submit.method == "GET") {
    submit.url = appendQuery(action->url.substr(0, action->url.find('?')), fields);
  } else {
    submit.url = action->url;
    submit.body = encodeForm(fields);
    submit.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  }
  submit.headers.push_back({"Referer", page.request.url});
  std::string sent = said(submit.method, action->url);
  FetchResult answer = follow(submit);
  if (!answer.ok()) return failed(sent + ": " + std::string(describe(answer.error)));
  const std::string& body = answer.response.body;
  if (showsLoggedOut(body))
    return failed("the logged-out marker shows after " + sent + " (check the password)");
  if (!auth_.loggedInMarker.empty()) {
    if (!showsLoggedIn(body)) {
      FetchResult home = follow(HttpRequest{"GET", target_.url, {}, ""});
      if (!home.ok() || !showsLoggedIn(home.response.body))
        return failed("the logged-in marker is not on the page after " + sent + " nor on " +
                      pathOf(target_.url) + " (check the password or the marker)");
    }
  } else if (hasPasswordForm(body)) {
    return failed("still on the login page after " + sent + " (check the password)");
  }
  if (cookies_.empty()) return failed(sent + " set no cookie, so nothing would keep the session");
  return okStatus();
}

Status LoginSession::jsonLogin() {
  auto url = onTarget(auth_.loginUrl);
  if (!url) return failed("the login URL is not on the target's origin");
  std::string sent = said("POST", url->url);
  HttpRequest request{"POST",
                      url->url,
                      {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                      auth_.bodyJson};
  FetchResult r = fetcher_.fetch(request);
  if (!r.ok()) return failed(sent + ": " + std::string(describe(r.error)));
  keepCookies(r.response);
  if (r.response.status < 200 || r.response.status >= 300)
    return failed(sent + " answered " + std::to_string(r.response.status) +
                  " (check the login body)");
  auto answer = nlohmann::json::parse(r.response.body, nullptr, false);
  if (answer.is_discarded()) return failed(sent + " did not answer JSON");
  nlohmann::json token;
  try {
    token = answer.at(nlohmann::json::json_pointer(auth_.tokenPointer));
  } catch (const nlohmann::json::exception&) {
    return failed("no token at " + auth_.tokenPointer + " in the answer to " + sent);
  }
  if (!token.is_string() || token.get<std::string>().empty())
    return failed("the value at " + auth_.tokenPointer + " in the answer to " + sent +
                  " is not a non-empty string");
  headers_.erase(
      std::remove_if(headers_.begin(), headers_.end(),
                     [this](const Header& h) { return equalsIgnoreCase(h.first, auth_.header); }),
      headers_.end());
  headers_.push_back({auth_.header, auth_.prefix + token.get<std::string>()});
  loginPaths_ = {url->path};
  if (generation_ > 0) return okStatus();  // renewing: the first login proved the token works
  HttpRequest home{"GET", target_.url, headers_, ""};
  if (!cookies_.empty()) home.headers.push_back({"Cookie", cookieHeader()});
  FetchResult check = fetcher_.fetch(home);
  if (check.ok() && check.response.status == 401)
    return failed("GET " + pathOf(target_.url) + " still answered 401 with the token from " + sent);
  return okStatus();
}

Status LoginSession::proveStaticCredentials() {
  generation_ = 1;
  HttpRequest home{"GET", target_.url, {}, ""};
  decorate(home);
  FetchResult r = fetcher_.fetch(home);
  if (r.ok() && (r.response.status == 401 || r.response.status == 403))
    return failed("GET " + pathOf(target_.url) + " answered " + std::to_string(r.response.status) +
                  " with the " + (auth_.type == AuthType::Cookies ? "cookies" : "credentials") +
                  " given (check them)");
  return okStatus();
}

std::vector<std::string> LoginSession::secrets() const {
  std::vector<std::string> out;
  if (!auth_.password.empty()) out.push_back(auth_.password);
  if (!auth_.token.empty()) out.push_back(auth_.token);
  for (const auto& [name, value] : auth_.headers) out.push_back(value);
  for (const auto& [name, value] : auth_.cookies) out.push_back(value);
  for (const auto& [name, value] : cookies_) out.push_back(value);
  for (const auto& [name, value] : headers_) {
    out.push_back(value);
    if (auto space = value.find(' '); space != std::string::npos)
      out.push_back(value.substr(space + 1));
  }
  if (!auth_.bodyJson.empty())
    jsonStrings(nlohmann::json::parse(auth_.bodyJson, nullptr, false), out);
  // Short values ("1", "on") would mask ordinary text; a secret that short is no secret anyway.
  out.erase(
      std::remove_if(out.begin(), out.end(), [](const std::string& s) { return s.size() < 4; }),
      out.end());
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool LoginSession::needsLogin(const std::string& url) {
  auto parsed = parseTargetUrl(url);
  if (!parsed) return false;
  if (auto known = anonymousKeptOut_.find(parsed->path); known != anonymousKeptOut_.end())
    return known->second;
  if (anonymousKeptOut_.size() >= kMaxAnonymousChecks) return false;
  FetchResult r = fetcher_.fetch(HttpRequest{"GET", parsed->url, {}, ""});
  bool keptOut = r.ok() && (r.response.status == 401 || r.response.status == 403 ||
                            showsLoggedOut(r.response.body));
  if (r.ok() && r.response.status >= 300 && r.response.status < 400)
    if (auto location = r.response.header("Location"))
      if (auto to = resolveReference(parsed->url, *location))
        keptOut = std::find(loginPaths_.begin(), loginPaths_.end(), to->path) != loginPaths_.end();
  anonymousKeptOut_[parsed->path] = keptOut;
  return keptOut;
}

void LoginSession::decorate(HttpRequest& wire) const {
  for (const auto& header : headers_) {
    bool own = std::any_of(wire.headers.begin(), wire.headers.end(), [&header](const Header& h) {
      return equalsIgnoreCase(h.first, header.first);
    });
    if (!own) wire.headers.push_back(header);  // an attacked header keeps the probe's value
  }
  if (cookies_.empty()) return;
  auto own = std::find_if(wire.headers.begin(), wire.headers.end(),
                          [](const Header& h) { return equalsIgnoreCase(h.first, "Cookie"); });
  if (own == wire.headers.end()) {
    wire.headers.push_back({"Cookie", cookieHeader()});
    return;
  }
  // The request's own cookies (an attacked cookie) win over the jar's of the same name.
  std::string merged;
  for (const auto& [name, value] : cookies_)
    if (own->second.find(name + "=") == std::string::npos) merged += name + "=" + value + "; ";
  own->second = merged + own->second;
}

bool LoginSession::lost(const FetchResult& result) const {
  if (generation_ == 0) return false;
  const HttpResponse& r = result.response;
  auto from = parseTargetUrl(result.request.url);
  bool fromLogin =
      from && std::find(loginPaths_.begin(), loginPaths_.end(), from->path) != loginPaths_.end();
  // A 401 ends a token's life; behind a form login it only means that path wants other
  // credentials (an API next to the site), which a new login would not give. The login
  // operation's own 401 (an attack on its fields) says nothing about the session.
  if (r.status == 401) return auth_.type == AuthType::JsonLogin && !fromLogin;
  if (auth_.type != AuthType::Form) return false;
  if (r.status >= 300 && r.status < 400)
    if (auto location = r.header("Location"))
      if (auto to = resolveReference(result.request.url, *location)) {
        bool toLogin =
            std::find(loginPaths_.begin(), loginPaths_.end(), to->path) != loginPaths_.end();
        if (toLogin && !fromLogin) return true;
      }
  return showsLoggedOut(r.body);
}

bool LoginSession::renew(uint64_t used) {
  if (used < generation_) return true;  // another request already logged in again
  if (auth_.type != AuthType::Form && auth_.type != AuthType::JsonLogin) {
    ++lostUnrenewed_;
    return false;
  }
  auto now = Clock::now();
  while (!recentLogins_.empty() && now - recentLogins_.front() > std::chrono::minutes(1))
    recentLogins_.pop_front();
  if (static_cast<int>(recentLogins_.size()) >= kMaxLoginsPerMinute) {
    ++lostUnrenewed_;
    return false;
  }
  if (auth_.type == AuthType::Form) cookies_.clear();  // a fresh pre-login session for the token
  if (!login()) {
    ++lostUnrenewed_;
    return false;
  }
  ++renewals_;
  return true;
}

void LoginSession::observe(const FetchResult& result) {
  // A rotated session id replaces the jar's; cookies the session did not log in with stay out
  // (a tracking cookie is no credential, and a probe's cookie must not stick).
  for (const auto& header : result.response.headersNamed("Set-Cookie")) {
    SetCookie c = parseSetCookie(header);
    auto it = cookies_.find(c.name);
    if (it != cookies_.end() && !c.value.empty() && c.value != "deleted") it->second = c.value;
  }
}

bool LoginSession::showsLoggedOut(const std::string& body) const {
  return matches(body, auth_.loggedOutMarker, loggedOutMarker_.get());
}

bool LoginSession::showsLoggedIn(const std::string& body) const {
  return matches(body, auth_.loggedInMarker, loggedInMarker_.get());
}

}  // namespace ctc::scanner
