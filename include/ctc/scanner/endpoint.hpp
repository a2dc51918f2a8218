#pragma once
/// What the active checks attack: an endpoint (method + URL) and its parameters, collected by the
/// crawler from links with queries, GET and POST forms and path segments.
#include <map>
#include <string>
#include <vector>

#include "ctc/scanner/http_types.hpp"
#include "ctc/scanner/url.hpp"

namespace ctc::scanner {

enum class ParamLocation { Query, Body, Path };

struct Param {
  std::string name;   ///< field name; "(path)" for the last path segment
  std::string value;  ///< the value the crawler saw (the baseline sends it)
  ParamLocation location = ParamLocation::Query;
};

struct Endpoint {
  std::string method = "GET";  ///< "GET" or "POST" (form-urlencoded body)
  std::string url;             ///< without query
  std::vector<Param> params;

  /// The baseline request: every parameter with its crawled value.
  HttpRequest request() const { return requestWith(params.size(), ""); }
  /// The request with params[index] set to value (index == params.size(): none changed).
  HttpRequest requestWith(std::size_t index, const std::string& value) const;
  /// "GET http://host/path" (the finding's URL is `url`).
  std::string where() const { return method + " " + url; }
};

/// Collects endpoints once per method, path and parameter names (so ?page=1 and ?page=2 are one
/// endpoint), up to a cap.
class EndpointCollector {
 public:
  explicit EndpointCollector(std::size_t maxEndpoints) : max_(maxEndpoints) {}

  /// A crawled GET URL: its query parameters, and its last path segment when the page echoed
  /// it and it looks like a value (no file extension, at least two segments: /hello/world).
  void addUrl(const ParsedUrl& url, bool pageEchoesLastSegment);
  /// A form as submitted by the crawler.
  void addForm(const std::string& method, const ParsedUrl& action,
               const std::vector<std::pair<std::string, std::string>>& fields);

  const std::vector<Endpoint>& endpoints() const { return endpoints_; }

 private:
  void add(Endpoint endpoint);
  std::size_t max_;
  std::vector<Endpoint> endpoints_;
  std::map<std::string, bool> seen_;
};

/// The last path segment, percent-decoded, when it may be a value (see addUrl); else "".
std::string pathValue(const std::string& path);

/// "a=1&b=x+y" -> pairs, percent-decoded.
std::vector<std::pair<std::string, std::string>> decodeQuery(const std::string& query);
/// Pairs -> "a=1&b=x%20y" (application/x-www-form-urlencoded).
std::string encodeForm(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace ctc::scanner
