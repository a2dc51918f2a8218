#include "ctc/scanner/inputs/endpoint.hpp"

#include <curl/curl.h>
#include <strings.h>

#include <nlohmann/json.hpp>

#include "ctc/http/percent_decoding.hpp"

namespace ctc::scanner {
namespace {

std::string escape(const std::string& s) {
  char* out = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  std::string r = out ? out : "";
  curl_free(out);
  return r;
}

/// Percent-encoded except '/': servers refuse or mis-route %2F in paths (Apache's default
/// AllowEncodedSlashes Off answers 404), and PATH_INFO keeps its slashes anyway.
std::string escapeKeepingSlashes(const std::string& s) {
  std::string out;
  std::size_t from = 0;
  for (auto slash = s.find('/'); slash != std::string::npos; slash = s.find('/', from)) {
    out += escape(s.substr(from, slash - from)) + "/";
    from = slash + 1;
  }
  return out + escape(s.substr(from));
}

/// Header values cannot carry line breaks (libcurl would send a second header).
std::string oneLine(std::string s) {
  for (char& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

/// The last path segment is treated as a value when it has no file extension and is not the
/// only segment: "/hello/world" yes, "/about", "/app.js" and "/dir/" no.
bool lastSegmentIsValue(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= path.size()) return false;
  return path.find('.', slash) == std::string::npos;
}

constexpr const char* kScriptExtensions[] = {".php",  ".php3", ".php5",  ".phtml", ".asp",
                                             ".aspx", ".jsp",  ".jspx",  ".cgi",   ".pl",
                                             ".py",   ".do",   ".action"};

bool isScriptName(std::string_view segment) {
  for (std::string_view ext : kScriptExtensions)
    if (segment.size() > ext.size() &&
        strncasecmp(segment.data() + segment.size() - ext.size(), ext.data(), ext.size()) == 0)
      return true;
  return false;
}

Endpoint endpointAt(std::string method, std::string url) {
  Endpoint e;
  e.method = std::move(method);
  e.url = std::move(url);
  return e;
}

}  // namespace

std::string InsertionPoint::label() const {
  switch (kind) {
    case InputKind::Cookie:
      return "cookie:" + name;
    case InputKind::Header:
      return "header:" + name;
    default:
      return name;
  }
}

std::vector<std::pair<std::string, std::string>> decodeQuery(const std::string& query) {
  return http::parseQueryString(query);
}

std::string encodeForm(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += escape(name) + "=" + escape(value);
  }
  return out;
}

HttpRequest Endpoint::requestWith(std::size_t index, const std::string& value) const {
  HttpRequest r;
  r.method = method;
  r.headers = headers;
  std::string path = url;
  std::vector<std::pair<std::string, std::string>> query, form;
  std::string cookies, xml;
  nlohmann::json json;
  if (!jsonBody.empty()) json = nlohmann::json::parse(jsonBody, nullptr, false);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const InsertionPoint& p = inputs[i];
    const std::string& v = i == index ? value : p.value;
    switch (p.kind) {
      case InputKind::Query:
        query.emplace_back(p.name, v);
        break;
      case InputKind::Form:
        form.emplace_back(p.name, v);
        break;
      case InputKind::PathSegment:
        path = url.substr(0, url.rfind('/') + 1) + escape(v);
        break;
      case InputKind::PathInfo:
        path = url + "/" + escapeKeepingSlashes(v);
        break;
      case InputKind::Cookie:
        cookies += (cookies.empty() ? "" : "; ") + p.name + "=" + escape(v);
        break;
      case InputKind::Header:
        r.headers.emplace_back(p.name, oneLine(v));
        break;
      case InputKind::XmlBody:
        xml = v;
        break;
      case InputKind::PathParameter: {
        std::string token = "{" + p.name + "}";
        if (auto at = path.find(token); at != std::string::npos)
          path.replace(at, token.size(), escape(v));
        break;
      }
      case InputKind::JsonMember:
        // Only the attacked member changes: the others keep their described types.
        if (i == index && !json.is_discarded()) {
          try {
            json[nlohmann::json::json_pointer(p.name)] = v;
          } catch (const nlohmann::json::exception&) {  // a pointer the crawler made badly
          }
        }
        break;
    }
  }
  r.url = query.empty() ? path : path + "?" + encodeForm(query);
  if (!cookies.empty()) r.headers.emplace_back("Cookie", cookies);
  if (!xml.empty()) {
    r.body = xml;
    r.headers.emplace_back("Content-Type", "application/xml");
  } else if (!jsonBody.empty() && !json.is_discarded()) {
    r.body = json.dump();
    r.headers.emplace_back("Content-Type", "application/json");
  } else if (method != "GET" && method != "HEAD") {
    r.body = encodeForm(form);
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  return r;
}

std::string Endpoint::concreteUrl() const {
  std::string out = url;
  for (const auto& p : inputs)
    if (p.kind == InputKind::PathParameter) {
      std::string token = "{" + p.name + "}";
      if (auto at = out.find(token); at != std::string::npos)
        out.replace(at, token.size(), escape(p.value));
    }
  return out;
}

bool EndpointCollector::add(Endpoint endpoint, std::string_view keyUrl) {
  if (endpoints_.size() >= max_ || endpoint.inputs.empty()) return false;
  std::string key = endpoint.method + " " + std::string(keyUrl.empty() ? endpoint.url : keyUrl);
  for (const auto& p : endpoint.inputs) key += "\n" + p.label();
  if (!seen_.emplace(key, true).second) return false;
  endpoints_.push_back(std::move(endpoint));
  return true;
}

std::string pathValue(const std::string& path) {
  if (!lastSegmentIsValue(path)) return "";
  return http::percentDecode(path.substr(path.rfind('/') + 1), false).value_or("");
}

std::pair<std::string, std::string> splitPathInfo(const std::string& path) {
  for (std::size_t from = 1; from < path.size();) {
    std::size_t slash = path.find('/', from);
    if (slash == std::string::npos) break;
    if (isScriptName(std::string_view(path).substr(from, slash - from)) && slash + 1 < path.size())
      return {path.substr(0, slash),
              http::percentDecode(path.substr(slash + 1), false).value_or("")};
    from = slash + 1;
  }
  return {};
}

bool looksDynamic(const std::string& path) {
  auto slash = path.rfind('/');
  std::string_view last = std::string_view(path).substr(slash == std::string::npos ? 0 : slash + 1);
  return last.find('.') == std::string_view::npos || isScriptName(last);
}

void EndpointCollector::addUrl(const ParsedUrl& url, bool pageEchoesLastSegment) {
  std::string base = url.url.substr(0, url.url.find('?'));
  Endpoint e = endpointAt("GET", base);
  for (auto& [name, value] : decodeQuery(url.query))
    e.inputs.push_back({name, value, InputKind::Query});
  add(e);
  if (auto [script, info] = splitPathInfo(url.path); !script.empty()) {
    Endpoint byInfo = endpointAt("GET", url.origin() + script);
    byInfo.inputs.push_back({"(path_info)", info, InputKind::PathInfo});
    for (const auto& p : e.inputs) byInfo.inputs.push_back(p);
    add(byInfo);
    return;
  }
  if (std::string value = pathValue(url.path); pageEchoesLastSegment && !value.empty()) {
    Endpoint byPath = endpointAt("GET", base);
    byPath.inputs.push_back({"(path)", value, InputKind::PathSegment});
    for (const auto& p : e.inputs) byPath.inputs.push_back(p);
    add(byPath);
  }
}

void EndpointCollector::addForm(const std::string& method, const ParsedUrl& action,
                                const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string base = action.url.substr(0, action.url.find('?'));
  Endpoint e = endpointAt(method, base);
  // The action's own query stays part of the URL's parameters.
  for (auto& [name, value] : decodeQuery(action.query))
    e.inputs.push_back({name, value, InputKind::Query});
  for (const auto& [name, value] : fields)
    e.inputs.push_back({name, value, method == "GET" ? InputKind::Query : InputKind::Form});
  add(e);
}

void EndpointCollector::addHeaderInputs(const ParsedUrl& url, std::size_t maxHeaderPages) {
  if (headerPages_ >= maxHeaderPages || !looksDynamic(url.path)) return;
  // The query stays in the URL: its parameters are attacked by the URL's own endpoint.
  Endpoint e = endpointAt("GET", url.url);
  e.inputs.push_back({"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)", InputKind::Header});
  e.inputs.push_back({"Referer", url.origin() + "/", InputKind::Header});
  e.inputs.push_back({"X-Forwarded-For", "203.0.113.10", InputKind::Header});
  if (add(std::move(e), url.origin() + url.path)) ++headerPages_;  // once per path
}

void EndpointCollector::addCookies(
    const ParsedUrl& url, const std::vector<std::pair<std::string, std::string>>& cookies) {
  if (cookies.empty()) return;
  Endpoint e = endpointAt("GET", url.url);
  for (const auto& [name, value] : cookies) e.inputs.push_back({name, value, InputKind::Cookie});
  add(std::move(e), url.origin() + url.path);
}

void EndpointCollector::addXmlBody(const ParsedUrl& url) {
  std::string base = url.url.substr(0, url.url.find('?'));
  Endpoint e = endpointAt("POST", base);
  e.inputs.push_back({"(xml body)", "<?xml version=\"1.0\"?><r>1</r>", InputKind::XmlBody});
  add(std::move(e));
}

}  // namespace ctc::scanner
