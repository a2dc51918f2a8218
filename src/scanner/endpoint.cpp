#include "ctc/scanner/endpoint.hpp"

#include <curl/curl.h>

#include "ctc/http/percent_decoding.hpp"

namespace ctc::scanner {
namespace {

std::string escape(const std::string& s) {
  char* out = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  std::string r = out ? out : "";
  curl_free(out);
  return r;
}

/// The last path segment is treated as a value when it has no file extension and is not the
/// only segment: "/hello/world" yes, "/about", "/app.js" and "/dir/" no.
bool lastSegmentIsValue(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= path.size()) return false;
  return path.find('.', slash) == std::string::npos;
}

}  // namespace

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
  std::string path = url;
  std::vector<std::pair<std::string, std::string>> query, body;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    const std::string& v = i == index ? value : p.value;
    switch (p.location) {
      case ParamLocation::Query:
        query.emplace_back(p.name, v);
        break;
      case ParamLocation::Body:
        body.emplace_back(p.name, v);
        break;
      case ParamLocation::Path:
        path = url.substr(0, url.rfind('/') + 1) + escape(v);
        break;
    }
  }
  r.url = query.empty() ? path : path + "?" + encodeForm(query);
  if (method == "POST") {
    r.body = encodeForm(body);
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  }
  return r;
}

void EndpointCollector::add(Endpoint endpoint) {
  if (endpoints_.size() >= max_ || endpoint.params.empty()) return;
  std::string key = endpoint.method + " " + endpoint.url;
  for (const auto& p : endpoint.params) key += "\n" + p.name;
  if (!seen_.emplace(key, true).second) return;
  endpoints_.push_back(std::move(endpoint));
}

std::string pathValue(const std::string& path) {
  if (!lastSegmentIsValue(path)) return "";
  return http::percentDecode(path.substr(path.rfind('/') + 1), false).value_or("");
}

void EndpointCollector::addUrl(const ParsedUrl& url, bool pageEchoesLastSegment) {
  std::string base = url.url.substr(0, url.url.find('?'));
  Endpoint e{"GET", base, {}};
  for (auto& [name, value] : decodeQuery(url.query))
    e.params.push_back({name, value, ParamLocation::Query});
  add(e);
  if (std::string value = pathValue(url.path); pageEchoesLastSegment && !value.empty()) {
    Endpoint byPath{"GET", base, {}};
    byPath.params.push_back({"(path)", value, ParamLocation::Path});
    for (const auto& p : e.params) byPath.params.push_back(p);
    add(byPath);
  }
}

void EndpointCollector::addForm(const std::string& method, const ParsedUrl& action,
                                const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string base = action.url.substr(0, action.url.find('?'));
  Endpoint e{method, base, {}};
  // The action's own query stays part of the URL's parameters.
  for (auto& [name, value] : decodeQuery(action.query))
    e.params.push_back({name, value, ParamLocation::Query});
  for (const auto& [name, value] : fields)
    e.params.push_back(
        {name, value, method == "POST" ? ParamLocation::Body : ParamLocation::Query});
  add(e);
}

}  // namespace ctc::scanner
