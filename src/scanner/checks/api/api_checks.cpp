#include "ctc/scanner/checks/api/api_checks.hpp"

#include <algorithm>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/checks/active/attack_runner.hpp"
#include "ctc/scanner/checks/active/response_signatures.hpp"
#include "ctc/scanner/fetch/request_stage.hpp"

namespace ctc::scanner {
namespace {

using nlohmann::json;

std::string lowered(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool secretName(const std::string& name) {
  static const char* kNames[] = {"password",
                                 "passwd",
                                 "pwd",
                                 "pass",
                                 "password_hash",
                                 "passwordhash",
                                 "hashed_password",
                                 "secret",
                                 "client_secret",
                                 "api_secret",
                                 "secret_key",
                                 "private_key",
                                 "privatekey",
                                 "aws_secret_access_key"};
  std::string n = lowered(name);
  for (const char* k : kNames)
    if (n == k) return true;
  return false;
}

void searchSecret(const json& node, const std::string& path, int depth,
                  std::pair<std::string, std::string>& out, int& budget) {
  if (!out.first.empty() || depth > 16 || --budget < 0) return;
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (v.is_string() && !v.get<std::string>().empty() && secretName(k)) {
        out = {path.empty() ? k : path + "/" + k, v.get<std::string>()};
        return;
      }
      searchSecret(v, path.empty() ? k : path + "/" + k, depth + 1, out, budget);
      if (!out.first.empty()) return;
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size() && i < 50; ++i) {
      searchSecret(node[i], path + (path.empty() ? "" : "/") + std::to_string(i), depth + 1, out,
                   budget);
      if (!out.first.empty()) return;
    }
  }
}

json jsonBody(const FetchResult& r) {
  auto type = r.response.header("Content-Type").value_or("");
  if (type.find("json") == std::string::npos) return json();
  return json::parse(r.response.body, nullptr, false);
}

/// The same body, or JSON documents of one shape (an object with the same members, or two
/// arrays): what a list looks like when other requests add to it in between.
bool sameShape(const FetchResult& a, const FetchResult& b) {
  if (a.response.body == b.response.body) return true;
  json x = jsonBody(a), y = jsonBody(b);
  if (x.is_discarded() || y.is_discarded() || x.type() != y.type()) return false;
  if (x.is_array()) return true;
  if (!x.is_object() || x.size() != y.size()) return false;
  for (const auto& [k, v] : x.items())
    if (!y.contains(k) || y[k].type() != v.type()) return false;
  return true;
}

/// Words an answer that refuses a stranger uses, whatever its status.
bool looksRefused(const std::string& body) {
  std::string b = lowered(body.substr(0, 4096));
  for (const char* w :
       {"unauthori", "unauthenticated", "not authenticated", "forbidden", "access denied",
        "login required", "invalid token", "missing token", "token is missing", "no token",
        "authentication required", "please log in", "sign in"})
    if (b.find(w) != std::string::npos) return true;
  return false;
}

bool is2xx(long status) {
  return status >= 200 && status < 300;
}

std::string excerpt(const std::string& body, std::size_t max = 300) {
  std::string out = body.substr(0, max);
  for (char& c : out)
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  return out + (body.size() > max ? "..." : "");
}

/// Members a create or update should never take from a client.
const std::vector<std::pair<std::string, json>>& privilegedMembers() {
  static const std::vector<std::pair<std::string, json>> kMembers = {
      {"admin", true}, {"is_admin", true}, {"isAdmin", true}, {"role", "admin"}};
  return kMembers;
}

/// The member `name` in a JSON answer, at the top or one level down ({"data": {...}}).
const json* memberOf(const json& doc, const std::string& name) {
  if (!doc.is_object()) return nullptr;
  if (auto it = doc.find(name); it != doc.end()) return &*it;
  for (const auto& [k, v] : doc.items())
    if (v.is_object())
      if (auto it = v.find(name); it != v.end()) return &*it;
  return nullptr;
}

/// What one operation's requests brought back; judged once the round is over.
struct OperationResults {
  const Endpoint* endpoint;
  std::optional<FetchResult> baseline, anonymous, privileged;
  std::vector<std::pair<std::size_t, FetchResult>> confused;  ///< input index -> response
};

Finding findingAt(std::string_view checkId, const Endpoint& e, std::string parameter,
                  const HttpRequest& request, std::string evidence) {
  Finding f = makeFinding(checkId, e.concreteUrl(), std::move(parameter), e.method);
  f.operation = e.operation;
  f.specification = e.specification;
  f.evidenceRequest = describeRequest(request);
  f.evidenceResponse = std::move(evidence);
  return f;
}

bool numericValue(const std::string& v) {
  if (v.empty() || v.size() > 20) return false;
  return v.find_first_not_of("-0123456789.") == std::string::npos &&
         v.find_first_of("0123456789") != std::string::npos;
}

void judge(const OperationResults& r, const ApiCheckOptions& options, FindingCollector& findings) {
  const Endpoint& e = *r.endpoint;
  if (r.baseline) {
    const FetchResult& b = *r.baseline;
    if (is2xx(b.response.status)) {
      auto [member, value] = findSecretMember(jsonBody(b));
      bool echoed = b.request.body.find(value) != std::string::npos ||
                    b.request.url.find(value) != std::string::npos;
      if (!member.empty() && !echoed)
        findings.add(findingAt("api.sensitive_data", e, "", b.request,
                               "HTTP " + std::to_string(b.response.status) + ", member " + member +
                                   " holds a value (" + std::to_string(value.size()) +
                                   " characters): " + excerpt(b.response.body)));
    }
    if (auto trace = findStackTrace(b.response.body))
      findings.add(findingAt("api.verbose_error", e, "", b.request,
                             "HTTP " + std::to_string(b.response.status) + ", a " + trace->what +
                                 " stack trace: " + trace->excerpt));
  }
  if (r.anonymous && r.baseline) {
    const FetchResult& a = *r.anonymous;
    const FetchResult& b = *r.baseline;
    std::string body = a.response.body;
    bool data = body.find_first_not_of(" \t\r\n{}[]\"") != std::string::npos;
    bool sameAsLoggedIn = !options.loggedIn || (is2xx(b.response.status) && sameShape(b, a));
    if (is2xx(a.response.status) && data && !looksRefused(body) && sameAsLoggedIn)
      findings.add(findingAt(
          "api.auth_missing", e, "", a.request,
          "the description requires authentication for " + e.operation +
              "; without any credentials: HTTP " + std::to_string(a.response.status) +
              (options.loggedIn ? ", the same body as logged in: " : ": ") + excerpt(body)));
  }
  for (const auto& [index, c] : r.confused) {
    if (!r.baseline || r.baseline->response.status >= 500) break;
    const InsertionPoint& point = e.inputs[index];
    if (auto trace = findStackTrace(c.response.body)) {
      findings.add(findingAt("api.verbose_error", e, point.label(), c.request,
                             "HTTP " + std::to_string(c.response.status) +
                                 " to a value of the "
                                 "wrong type, with a " +
                                 trace->what + " stack trace: " + trace->excerpt));
    } else if (c.response.status >= 500) {
      findings.add(findingAt("api.server_error", e, point.label(), c.request,
                             "HTTP " + std::to_string(c.response.status) +
                                 " to a value of the "
                                 "wrong type (the described value answered HTTP " +
                                 std::to_string(r.baseline->response.status) +
                                 "): " + excerpt(c.response.body, 200)));
    }
  }
  if (r.privileged && is2xx(r.privileged->response.status)) {
    json answer = jsonBody(*r.privileged);
    json before = r.baseline ? jsonBody(*r.baseline) : json();
    json sent = json::parse(e.jsonBody, nullptr, false);
    for (const auto& [name, value] : privilegedMembers()) {
      if (sent.is_object() && sent.contains(name)) continue;
      const json* got = memberOf(answer, name);
      const json* had = memberOf(before, name);
      if (got && *got == value && !(had && *had == value)) {
        findings.add(findingAt("api.mass_assignment", e, name, r.privileged->request,
                               "HTTP " + std::to_string(r.privileged->response.status) +
                                   ": the answer has \"" + name + "\": " + value.dump() +
                                   " as sent, which the described body does not set" +
                                   (had ? std::string(" (without it: ") + had->dump() + ")" : "") +
                                   ": " + excerpt(r.privileged->response.body)));
        break;
      }
    }
  }
}

/// The path parameter of a GET operation: the object an answer is about.
const InsertionPoint* objectId(const Endpoint& e) {
  if (e.method != "GET") return nullptr;
  for (const auto& p : e.inputs)
    if (p.kind == InputKind::PathParameter) return &p;
  return nullptr;
}

/// api.bola: an object whose answer names the first user (and not the second) is requested as
/// the second user and anonymously. Proven when the second user gets the same object (the same
/// body, or the same JSON shape still naming the first user) while an anonymous request is
/// refused: the object is not public, and the server never asked whose it is.
void checkObjectLevelAccess(const std::deque<OperationResults>& results, Fetcher& fetcher,
                            const ApiCheckOptions& options, FindingCollector& findings,
                            const Fetcher::OnDone& onEach) {
  if (options.identity.empty() || options.identity == options.secondIdentity) return;
  std::vector<const OperationResults*> owned;
  std::vector<HttpRequest> asSecond, anonymous;
  for (const auto& r : results) {
    if (!objectId(*r.endpoint) || !r.baseline || !is2xx(r.baseline->response.status)) continue;
    const std::string& body = r.baseline->response.body;
    if (body.find(options.identity) == std::string::npos) continue;
    if (!options.secondIdentity.empty() && body.find(options.secondIdentity) != std::string::npos)
      continue;
    owned.push_back(&r);
    asSecond.push_back(r.endpoint->request());
    asSecond.back().check = "api.bola";
    HttpRequest stranger = asSecond.back();
    stranger.anonymous = true;
    anonymous.push_back(std::move(stranger));
  }
  if (owned.empty()) return;
  if (options.onPlanned) options.onPlanned(static_cast<int>(2 * owned.size()));
  auto second = options.secondUser->fetchAll(asSecond);
  auto strangers = fetcher.fetchAll(anonymous, onEach);
  for (std::size_t i = 0; i < owned.size(); ++i) {
    const FetchResult& first = *owned[i]->baseline;
    const FetchResult& other = second[i];
    if (!other.ok() || !is2xx(other.response.status)) continue;
    if (strangers[i].ok() && is2xx(strangers[i].response.status)) continue;  // public
    bool same = other.response.body == first.response.body ||
                (sameShape(first, other) &&
                 other.response.body.find(options.identity) != std::string::npos);
    if (!same) continue;
    const Endpoint& e = *owned[i]->endpoint;
    findings.add(
        findingAt("api.bola", e, objectId(e)->label(), other.request,
                  "logged in as the second user (" + options.secondIdentity + "): HTTP " +
                      std::to_string(other.response.status) + " with the first user's (" +
                      options.identity + ") object; without credentials: HTTP " +
                      std::to_string(strangers[i].ok() ? strangers[i].response.status : 0) + ": " +
                      excerpt(other.response.body)));
  }
}

}  // namespace

std::pair<std::string, std::string> findSecretMember(const json& document) {
  std::pair<std::string, std::string> out;
  int budget = 20000;
  searchSecret(document, "", 0, out, budget);
  return out;
}

void runApiChecks(const std::vector<Endpoint>& operations, Fetcher& fetcher,
                  FindingCollector& findings, const ApiCheckOptions& options,
                  const Fetcher::OnDone& onEach) {
  std::deque<OperationResults> results;
  RequestStage stage;
  for (const auto& e : operations) {
    if (e.operation.empty()) continue;
    results.push_back({&e, {}, {}, {}, {}});
    OperationResults& r = results.back();
    // The plain request serves several API checks: the family shares its time.
    HttpRequest baseline = e.request();
    baseline.check = "api";
    stage.add(baseline, [&r](const FetchResult& f) { r.baseline = f; });
    if (e.needsAuth && e.method == "GET") {
      HttpRequest anonymous = baseline;
      anonymous.anonymous = true;
      anonymous.check = "api.auth_missing";
      stage.add(anonymous, [&r](const FetchResult& f) { r.anonymous = f; });
    }
    for (std::size_t i = 0; i < e.inputs.size(); ++i) {
      const auto& p = e.inputs[i];
      bool typed = numericValue(p.value) || p.value == "true" || p.value == "false";
      if (!typed || !(p.kind == InputKind::Query || p.kind == InputKind::PathParameter ||
                      p.kind == InputKind::JsonMember || p.kind == InputKind::Form))
        continue;
      HttpRequest confusing = e.requestWith(i, "ctcNaN");
      confusing.check = "api";
      stage.add(confusing, [&r, i](const FetchResult& f) { r.confused.emplace_back(i, f); });
    }
    bool writes = e.method == "POST" || e.method == "PUT" || e.method == "PATCH";
    json body = json::parse(e.jsonBody.empty() ? "null" : e.jsonBody, nullptr, false);
    if (writes && body.is_object()) {
      for (const auto& [name, value] : privilegedMembers())
        if (!body.contains(name)) body[name] = value;
      HttpRequest privileged = baseline;
      privileged.body = body.dump();
      privileged.check = "api.mass_assignment";
      stage.add(privileged, [&r](const FetchResult& f) { r.privileged = f; });
    }
  }
  if (stage.size() == 0 || (options.stop && options.stop())) return;
  if (options.onPlanned) options.onPlanned(static_cast<int>(stage.size()));
  stage.run(fetcher, onEach);
  {
    ChargedTime judging(&fetcher.checkTimes(), "api");
    for (const auto& r : results) judge(r, options, findings);
  }
  if (options.secondUser && !(options.stop && options.stop()))
    checkObjectLevelAccess(results, fetcher, options, findings, onEach);
}

}  // namespace ctc::scanner
