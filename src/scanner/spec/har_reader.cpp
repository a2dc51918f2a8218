#include <algorithm>
#include <set>

#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"
#include "ctc/scanner/spec/spec_document.hpp"
#include "schema_values.hpp"
#include "spec_readers.hpp"

namespace ctc::scanner::spec {
namespace {

using nlohmann::json;

/// Headers a replay must not copy: the transport's own, the recorded session (the scan brings
/// its own login) and cache validators (a 304 shows nothing).
bool replayedHeader(const std::string& name) {
  static const std::set<std::string> dropped = {
      "host",        "content-length",  "connection",        "cookie",       "authorization",
      "keep-alive",  "accept-encoding", "transfer-encoding", "te",           "upgrade",
      "expect",      "if-none-match",   "if-modified-since", "x-csrf-token", "x-xsrf-token",
      "content-type"};
  std::string lowered = name;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lowered.empty() || lowered[0] == ':' || lowered.rfind("proxy-", 0) == 0) return false;
  return !dropped.count(lowered);
}

bool isHex(const std::string& s) {
  return s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

/// A recorded path segment that is surely an object's id: a number, a UUID, a long hex id.
bool idSegment(const std::string& segment) {
  if (segment.empty()) return false;
  if (segment.find_first_not_of("0123456789") == std::string::npos) return true;
  if (segment.size() == 36 && std::count(segment.begin(), segment.end(), '-') == 4) return true;
  return segment.size() >= 16 && isHex(segment);
}

/// An id, or the last segment of a path three or more segments deep (/api/users/alice): a value
/// the server reads, attacked as a path parameter.
bool valueSegment(const std::string& segment, bool last, std::size_t segments) {
  if (idSegment(segment)) return true;
  return !segment.empty() && last && segments >= 3 && segment.find('.') == std::string::npos;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t from = 1;
  while (from <= path.size()) {
    auto slash = path.find('/', from);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(from, slash - from));
    from = slash + 1;
  }
  return out;
}

/// A recorded segment kept as it is in the path template: its braces would read as a parameter.
std::string literalSegment(const std::string& segment) {
  std::string out;
  for (char c : segment) out += c == '{' ? "%7B" : c == '}' ? "%7D" : std::string(1, c);
  return out;
}

void readBody(const json& postData, SpecOperation& op) {
  std::string mime = valueOr<std::string>(postData, "mimeType", "");
  std::string text = valueOr<std::string>(postData, "text", "");
  if (mime.find("json") != std::string::npos) {
    // Nested no deeper than a description may be: the plan dumps and walks the body.
    bool tooDeep = false;
    json::parser_callback_t depthGuard = [&tooDeep](int depth, json::parse_event_t, json&) {
      tooDeep = tooDeep || depth > kMaxSpecDepth;
      return !tooDeep;
    };
    json body = json::parse(text, depthGuard, false);
    if (body.is_discarded() || tooDeep) return;
    op.bodyType = "application/json";
    op.body = std::move(body);
  } else if (mime.find("x-www-form-urlencoded") != std::string::npos) {
    op.bodyType = "application/x-www-form-urlencoded";
    for (auto& [name, value] : decodeQuery(text))
      op.parameters.push_back({name, "form", value, "string"});
  }
}

}  // namespace

Result<ApiSpec> readHar(const json& doc, const std::string& projectUrl, const SpecLimits& limits) {
  auto project = parseTargetUrl(projectUrl);
  if (!project) return Error::badRequest("a HAR needs the project's URL: its origin is replayed");
  const json& log = doc["log"];
  auto entries = log.find("entries");
  if (entries == log.end() || !entries->is_array())
    return Error::badRequest("no 'entries' array at /log/entries");
  ApiSpec spec;
  spec.type = SpecType::Har;
  if (auto creator = log.find("creator"); creator != log.end() && creator->is_object())
    if (auto name = valueOr<std::string>(*creator, "name", ""); !name.empty())
      spec.title = "HAR recorded by " + name;
  spec.servers.push_back(project->origin());
  std::set<std::string> seen, otherOrigins;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const json& entry = (*entries)[i];
    const json* request =
        entry.is_object() && entry.contains("request") ? &entry["request"] : nullptr;
    std::string where = "/log/entries/" + std::to_string(i) + "/request";
    if (!request || !request->is_object() || !request->contains("url") ||
        !(*request)["url"].is_string() || !request->contains("method") ||
        !(*request)["method"].is_string())
      return Error::badRequest("entry without a request method and url at " + where);
    auto url = parseTargetUrl((*request)["url"].get<std::string>());
    if (!url) continue;  // data:, chrome-extension:, ws: ...
    if (url->origin() != project->origin()) {
      if (otherOrigins.size() < 5) otherOrigins.insert(url->origin());
      continue;
    }
    SpecOperation op;
    op.method = (*request)["method"].get<std::string>();
    for (char& c : op.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // Not a method a request line can carry (libcurl would send CR LF and all as it is).
    if (op.method == "CONNECT" || !isToken(op.method)) continue;
    auto segments = split(url->path);
    std::string path, key = op.method + " ";  // two calls are one operation when only ids differ
    for (std::size_t s = 0; s < segments.size(); ++s) {
      bool last = s + 1 == segments.size();
      key += "/" + (idSegment(segments[s]) ? std::string("{}") : segments[s]);
      if (valueSegment(segments[s], last, segments.size())) {
        std::string name = last ? "(path)" : "(path " + std::to_string(s + 1) + ")";
        path += "/{" + name + "}";
        op.parameters.push_back({name, "path", segments[s], "string"});
      } else {
        path += "/" + literalSegment(segments[s]);
      }
    }
    op.path = path.empty() ? "/" : path;
    op.recordedPath = url->path;
    for (auto& [name, value] : decodeQuery(url->query))
      op.parameters.push_back({name, "query", value, "string"});
    if (auto headers = request->find("headers"); headers != request->end() && headers->is_array())
      for (const auto& h : *headers) {
        if (!h.is_object() || !h.contains("name") || !h["name"].is_string()) continue;
        std::string name = h["name"].get<std::string>();
        std::string value =
            h.contains("value") && h["value"].is_string() ? h["value"].get<std::string>() : "";
        // A recorded Authorization header: the operation needs credentials.
        if (equalsIgnoreCase(name, "authorization"))
          op.needsAuth = true;
        else if (replayedHeader(name) && isToken(name) &&
                 value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos)
          op.headers.emplace_back(name, value);  // not one that would break the header lines
      }
    if (auto post = request->find("postData"); post != request->end() && post->is_object())
      readBody(*post, op);
    for (const auto& p : op.parameters) key += "\n" + p.location + ":" + p.name;
    if (op.body.is_object())
      for (const auto& [k, v] : op.body.items()) key += "\njson:" + k;
    if (!seen.insert(key).second) continue;
    if (spec.operations.size() >= limits.maxOperations) break;
    spec.operations.push_back(std::move(op));
  }
  if (spec.operations.empty()) {
    std::string others;
    for (const auto& o : otherOrigins) others += (others.empty() ? "" : ", ") + o;
    return Error::badRequest("the HAR records no request to the project's origin " +
                             project->origin() +
                             (others.empty() ? "" : " (it has requests to " + others + ")"));
  }
  return spec;
}

}  // namespace ctc::scanner::spec
