#pragma once
/// What the active checks attack: an endpoint (method + URL) and its insertion points, the
/// places of a request where a check puts its payload: query and form fields, the last path
/// segment, PATH_INFO after a script name, cookies, request headers, an XML body and members of a
/// JSON body. Every check goes through Endpoint::requestWith, so a new kind of input is attacked
/// by every check that wants it.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/scanner/fetch/http_types.hpp"
#include "ctc/scanner/fetch/url.hpp"

namespace ctc::scanner {

enum class InputKind {
  Query,          ///< ?name=value
  Form,           ///< application/x-www-form-urlencoded body field
  PathSegment,    ///< the last path segment (/hello/VALUE)
  PathInfo,       ///< after a script name (/page.php/VALUE); '/' is sent as is
  Cookie,         ///< Cookie: name=VALUE (percent-encoded, as PHP and most frameworks decode)
  Header,         ///< a request header (User-Agent, Referer, X-Forwarded-For)
  XmlBody,        ///< the whole body, sent as application/xml
  JsonMember,     ///< a member of a JSON body (sent as a string); name is its JSON pointer
  PathParameter,  ///< a described path parameter: "{name}" in Endpoint::url is the value
};

struct InsertionPoint {
  std::string name;   ///< field, cookie or header name; "(path)", "(path_info)", "(xml body)"
  std::string value;  ///< the value the crawler saw (the baseline sends it)
  InputKind kind = InputKind::Query;

  /// What a finding calls it: the name for query and form fields, "cookie:lang",
  /// "header:User-Agent", "(path)", "(path_info)", "(xml body)", the JSON pointer.
  std::string label() const;
  /// Query, Form, JsonMember and PathParameter: a value the application reads as data, where
  /// every check runs.
  bool isParameter() const {
    return kind == InputKind::Query || kind == InputKind::Form || kind == InputKind::JsonMember ||
           kind == InputKind::PathParameter;
  }
};

struct Endpoint {
  std::string method = "GET";
  std::string url;  ///< without query (and without PATH_INFO); "{name}" for path parameters
  std::vector<InsertionPoint> inputs;
  std::string jsonBody;         ///< the JSON document that JsonMember inputs are members of
  std::vector<Header> headers;  ///< sent with every request as they are (a HAR's recorded ones)
  /// From an API description: "GET /users/{username}", the description's name, and whether it
  /// declares that the operation needs credentials.
  std::string operation;
  std::string specification;
  bool needsAuth = false;

  /// The baseline request: every input with its crawled value.
  HttpRequest request() const { return requestWith(inputs.size(), ""); }
  /// The request with inputs[index] set to value (index == inputs.size(): none changed).
  HttpRequest requestWith(std::size_t index, const std::string& value) const;
  /// "GET http://host/path".
  std::string where() const { return method + " " + url; }
  /// url with the path parameters' values in place (what a finding names).
  std::string concreteUrl() const;
};

/// Collects endpoints once per method, path and input names (so ?page=1 and ?page=2 are one
/// endpoint), up to a cap.
class EndpointCollector {
 public:
  explicit EndpointCollector(std::size_t maxEndpoints) : max_(maxEndpoints) {}

  /// A crawled GET URL: its query parameters; its last path segment when the page echoed it and
  /// it looks like a value (no file extension, at least two segments: /hello/world); PATH_INFO
  /// when the path continues after a script name (/page.php/intro).
  void addUrl(const ParsedUrl& url, bool pageEchoesLastSegment);
  /// A form as submitted by the crawler.
  void addForm(const std::string& method, const ParsedUrl& action,
               const std::vector<std::pair<std::string, std::string>>& fields);
  /// A dynamic page (a script or an extension-less path) whose request headers are attacked:
  /// User-Agent, Referer (the site root) and X-Forwarded-For. At most maxHeaderPages paths.
  void addHeaderInputs(const ParsedUrl& url, std::size_t maxHeaderPages);
  /// Cookies the site set on this page, attacked on the page that set them.
  void addCookies(const ParsedUrl& url, const std::vector<std::pair<std::string, std::string>>&);
  /// An endpoint that may parse XML (its name or Content-Type says so): its body is attacked
  /// with POSTed XML documents.
  void addXmlBody(const ParsedUrl& url);

  const std::vector<Endpoint>& endpoints() const { return endpoints_; }

 private:
  /// False when it was a duplicate (by method, keyUrl or its URL, and input labels) or over the
  /// cap.
  bool add(Endpoint endpoint, std::string_view keyUrl = {});
  std::size_t max_;
  std::size_t headerPages_ = 0;
  std::vector<Endpoint> endpoints_;
  std::map<std::string, bool> seen_;
};

/// The last path segment, percent-decoded, when it may be a value (see addUrl); else "".
std::string pathValue(const std::string& path);

/// Where a path continues after a script name: "/page.php/a/b" -> {"/page.php", "a/b"}. Empty
/// first member when there is no script name with more path after it.
std::pair<std::string, std::string> splitPathInfo(const std::string& path);

/// True for a path that a program answers: a script extension (.php, .asp, .aspx, .jsp, .cgi,
/// .pl, .py, .do, .action) or no extension at all. Static files (.css, .png, .js, .txt) are not.
bool looksDynamic(const std::string& path);

/// "a=1&b=x+y" -> pairs, percent-decoded.
std::vector<std::pair<std::string, std::string>> decodeQuery(const std::string& query);
/// Pairs -> "a=1&b=x%20y" (application/x-www-form-urlencoded).
std::string encodeForm(const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace ctc::scanner
