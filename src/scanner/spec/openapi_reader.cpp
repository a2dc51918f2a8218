#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "ctc/scanner/fetch/url.hpp"
#include "schema_values.hpp"
#include "spec_readers.hpp"

namespace ctc::scanner::spec {
namespace {

using nlohmann::json;

constexpr const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                    "options", "head", "patch", "trace"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const json* member(const json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::string stringMember(const json& object, const char* name) {
  const json* m = member(object, name);
  return m && m->is_string() ? m->get<std::string>() : "";
}

/// The path template with the bytes a URL cannot hold as they are (controls, space, non-ASCII)
/// percent-encoded: libcurl refuses or mangles them, so no request would reach the operation.
std::string urlSafePath(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7f) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// The first {name} the path template holds twice, "" when none does (a request fills in one).
std::string repeatedParameter(const std::string& path) {
  std::set<std::string> names;
  std::size_t open = std::string::npos;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      open = i;
    } else if (path[i] == '}' && open != std::string::npos) {
      std::string token = path.substr(open, i - open + 1);
      if (!names.insert(token).second) return token;
      open = std::string::npos;
    }
  }
  return "";
}

/// An absolute server URL without a trailing '/', or the reason it cannot be one.
Result<std::string> absoluteServer(const std::string& url, const std::string& projectUrl,
                                   const std::string& where) {
  if (url.find('{') != std::string::npos)
    return Error::badRequest("server '" + url.substr(0, 200) + "' at " + where +
                             " has a {variable} that no default fills");
  std::string resolved = url;
  bool relative = url.find("://") == std::string::npos;
  if (relative) {
    if (projectUrl.empty())
      return Error::badRequest("server '" + url.substr(0, 200) + "' at " + where +
                               " is relative and there is no project URL to resolve it");
    auto r = resolveReference(projectUrl, url.empty() ? "/" : url);
    if (!r)
      return Error::badRequest("server '" + url.substr(0, 200) + "' at " + where +
                               " does not resolve against the project URL");
    resolved = r->url;
  }
  auto parsed = parseTargetUrl(resolved);
  if (!parsed)
    return Error::badRequest("server '" + url.substr(0, 200) + "' at " + where +
                             " is not a usable http(s) URL: " + parsed.error().message);
  std::string out = parsed->url.substr(0, parsed->url.find('?'));
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

/// OpenAPI 3 server URL with its {variables} set to their defaults. One pass, stopping past the
/// 2,048 characters parseTargetUrl takes: a long default in many {variable}s must not take
/// gigabytes.
std::string substituteVariables(const std::string& url, const json& server) {
  const json* vars = member(server, "variables");
  if (!vars || !vars->is_object()) return url;
  std::string out;
  std::size_t at = 0;
  while (at < url.size() && out.size() <= 2048) {
    auto open = url.find('{', at);
    auto close = url.find('}', open);
    if (close == std::string::npos) {
      out.append(url, at);
      break;
    }
    out.append(url, at, open - at);
    auto v = vars->find(url.substr(open + 1, close - open - 1));
    if (v != vars->end())
      out += stringMember(*v, "default");
    else
      out.append(url, open, close - open + 1);
    at = close + 1;
  }
  return out;
}

Result<std::vector<std::string>> serversOf(const json& doc, SpecType type,
                                           const std::string& projectUrl) {
  std::vector<std::string> out;
  auto add = [&](const std::string& url, const std::string& where) -> Status {
    auto server = absoluteServer(url, projectUrl, where);
    if (!server) return server.error();
    if (std::find(out.begin(), out.end(), *server) == out.end()) out.push_back(*server);
    return okStatus();
  };
  if (type == SpecType::OpenApi2) {
    std::string host = stringMember(doc, "host");
    std::string basePath = stringMember(doc, "basePath");
    if (basePath.empty() || basePath[0] != '/') basePath = "/" + basePath;
    if (host.empty()) {
      if (auto s = add(basePath, "/basePath"); !s) return s.error();
      return out;
    }
    std::vector<std::string> schemes;
    if (const json* s = member(doc, "schemes"); s && s->is_array())
      for (const auto& scheme : *s)
        if (scheme == "https" || scheme == "http") schemes.push_back(scheme.get<std::string>());
    if (schemes.empty()) {
      auto project = parseTargetUrl(projectUrl);
      schemes.push_back(project ? project->scheme : "https");
    }
    for (const auto& scheme : schemes)
      if (auto s = add(scheme + "://" + host + basePath, "/host"); !s) return s.error();
    return out;
  }
  const json* servers = member(doc, "servers");
  if (!servers || !servers->is_array() || servers->empty()) {
    if (auto s = add("/", "/servers (none given: '/')"); !s) return s.error();
    return out;
  }
  for (std::size_t i = 0; i < servers->size(); ++i) {
    const json& server = (*servers)[i];
    std::string where = "/servers/" + std::to_string(i) + "/url";
    if (!server.is_object() || !member(server, "url") || !server["url"].is_string())
      return Error::badRequest("server at /servers/" + std::to_string(i) + " has no url");
    if (auto s = add(substituteVariables(server["url"].get<std::string>(), server), where); !s)
      return s.error();
  }
  return out;
}

bool requiresAuth(const json* security) {
  if (!security || !security->is_array() || security->empty()) return false;
  for (const auto& requirement : *security)
    if (requirement.is_object() && requirement.empty()) return false;  // anonymous allowed
  return true;
}

/// The value a parameter or media type offers itself, before its schema is asked; null when
/// there is none.
const json* declaredExample(const json& node, const SpecRefs& refs) {
  for (const char* name : {"example", "x-example"})
    if (const json* e = member(node, name); e && !e->is_null()) return e;
  if (const json* examples = member(node, "examples"); examples && examples->is_object())
    for (const auto& [name, ex] : examples->items()) {
      const json* e = refs.resolve(ex);
      if (e && e->is_object() && e->contains("value")) return &(*e)["value"];
      if (e && !e->is_object()) return e;  // Swagger 2: examples by media type
    }
  return nullptr;
}

struct ParameterKey {
  std::string name, in;
  bool operator<(const ParameterKey& o) const {
    return std::tie(name, in) < std::tie(o.name, o.in);
  }
};

class OperationReader {
 public:
  OperationReader(const json& doc, SpecType type, const SpecRefs& refs)
      : doc_(doc), type_(type), refs_(refs) {}

  /// The work of the examples (see kMaxExampleWork) is used up: the plan would be cut short.
  bool exhausted() const { return budget_.left == 0; }

  SpecOperation read(const std::string& path, const std::string& method, const json& item,
                     const json& op) {
    SpecOperation out;
    out.method = method;
    for (char& c : out.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out.path = urlSafePath(path);
    out.operationId = stringMember(op, "operationId");
    // Path items and operations may be shared ($ref): what they copy counts like examples.
    spend(1 + (out.path.size() + out.operationId.size()) / kExampleBytesPerUnit);
    const json* security = member(op, "security");
    if (!security) security = member(doc_, "security");
    if (security && security->is_array()) spend(security->size());
    out.needsAuth = requiresAuth(security);

    std::map<ParameterKey, const json*> params;
    std::vector<ParameterKey> order;
    for (const json* list : {member(item, "parameters"), member(op, "parameters")}) {
      if (!list || !list->is_array()) continue;
      for (const auto& raw : *list) {
        const json* p = refs_.resolve(raw);
        if (!p || !p->is_object()) continue;
        ParameterKey key{stringMember(*p, "name"), stringMember(*p, "in")};
        if (!spend(1 + (key.name.size() + key.in.size()) / kExampleBytesPerUnit)) break;
        if (key.in.empty()) continue;
        if (!params.count(key)) order.push_back(key);
        params[key] = p;
      }
    }
    std::string consumes = consumedType(op);
    for (const auto& key : order) addParameter(out, key, *params[key], consumes);
    if (type_ == SpecType::OpenApi3)
      if (const json* body = member(op, "requestBody")) addRequestBody(out, *body);
    return out;
  }

 private:
  /// Swagger 2's consumes (the operation's, else the document's): the form or JSON body type.
  std::string consumedType(const json& op) {
    for (const json* consumes : {member(op, "consumes"), member(doc_, "consumes")})
      if (consumes && consumes->is_array() && !consumes->empty()) {
        spend(consumes->size());
        for (const auto& c : *consumes)
          if (c.is_string() && c.get_ref<const std::string&>().find("json") != std::string::npos)
            return "application/json";
        return consumes->front().is_string() ? consumes->front().get<std::string>() : "";
      }
    return "application/json";
  }

  void addParameter(SpecOperation& out, const ParameterKey& key, const json& p,
                    const std::string& consumes) {
    if (key.name.empty()) return;
    std::string in = key.in;
    if (in == "body") {
      out.bodyType = "application/json";
      if (const json* schema = member(p, "schema")) {
        json example = declared(p);
        out.body = example.is_null() ? exampleFor(*schema, refs_, true, budget_) : example;
      }
      (void)consumes;
      return;
    }
    if (in == "formData") {
      in = "form";
      if (out.bodyType.empty()) out.bodyType = "application/x-www-form-urlencoded";
    }
    if (in != "path" && in != "query" && in != "header" && in != "cookie" && in != "form") return;
    // A header or cookie name that is not a token would break its line (CR LF) or the Cookie
    // header (';', '=').
    if ((in == "header" || in == "cookie") && !isToken(key.name)) return;
    // OpenAPI: these headers are described elsewhere (content negotiation, security).
    std::string lowered = lower(key.name);
    if (in == "header" &&
        (lowered == "accept" || lowered == "content-type" || lowered == "authorization"))
      return;
    // Swagger 2 describes a non-body parameter's schema on the parameter itself.
    const json* schema = type_ == SpecType::OpenApi2 ? &p : member(p, "schema");
    json value = declared(p);
    if (value.is_null() && schema) value = exampleFor(*schema, refs_, true, budget_);
    std::string type = schema ? schemaType(*schema, refs_, budget_) : "";
    if (value.is_null() || (value.is_object() && value.empty()))
      value = type == "integer" || type == "number" ? json(1) : json("test");
    out.parameters.push_back({key.name, in, std::move(value), type});
  }

  void addRequestBody(SpecOperation& out, const json& raw) {
    const json* body = refs_.resolve(raw);
    const json* content = body ? member(*body, "content") : nullptr;
    if (!content || !content->is_object() || content->empty()) return;
    const json* media = nullptr;
    std::string chosen;
    for (const auto& [type, m] : content->items())
      if (lower(type).find("json") != std::string::npos) {
        media = &m;
        chosen = "application/json";
        break;
      }
    if (!media)
      for (const char* form : {"application/x-www-form-urlencoded", "multipart/form-data"})
        if (auto it = content->find(form); it != content->end()) {
          media = &*it;
          chosen = "application/x-www-form-urlencoded";
          break;
        }
    if (!media) return;  // XML, binary uploads, text: not planned from the description
    json example = declared(*media);
    if (example.is_null())
      if (const json* schema = member(*media, "schema"))
        example = exampleFor(*schema, refs_, true, budget_);
    out.bodyType = chosen;
    if (chosen == "application/json") {
      out.body = example.is_null() ? json::object() : example;
      return;
    }
    if (example.is_object())
      for (const auto& [name, v] : example.items())
        out.parameters.push_back({name, "form", v, v.is_string() ? "string" : ""});
  }

  /// Takes n units of the examples' work; false (and none left) when fewer remain.
  bool spend(std::size_t n) {
    budget_.left = n > budget_.left ? 0 : budget_.left - n;
    return budget_.left > 0;
  }

  /// A copy of declaredExample, when it fits what one example may take.
  json declared(const json& node) {
    const json* e = declaredExample(node, refs_);
    if (!e) return nullptr;
    std::size_t cost = copyCost(*e, kMaxExampleWorkPerCall);
    return cost <= kMaxExampleWorkPerCall && spend(cost) ? *e : json();
  }

  const json& doc_;
  SpecType type_;
  const SpecRefs& refs_;
  ExampleBudget budget_;
};

}  // namespace

bool isToken(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

std::string pointerToken(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

std::string parameterText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) return value.empty() ? "" : parameterText(value.front());
  if (value.is_null()) return "";
  return value.dump();
}

Result<ApiSpec> readOpenApi(const json& doc, const SpecRefs& refs, SpecType type,
                            const std::string& projectUrl, const SpecLimits& limits) {
  ApiSpec spec;
  spec.type = type;
  if (const json* info = member(doc, "info")) spec.title = stringMember(*info, "title");
  auto servers = serversOf(doc, type, projectUrl);
  if (!servers) return servers.error();
  spec.servers = std::move(*servers);

  const json* paths = member(doc, "paths");
  if (!paths || !paths->is_object())
    return Error::badRequest("no 'paths' object at /paths: the description has no operation");
  OperationReader reader(doc, type, refs);
  for (const auto& [path, rawItem] : paths->items()) {
    if (path.empty() || path[0] != '/') {
      if (path.rfind("x-", 0) == 0) continue;  // an extension
      return Error::badRequest("path '" + path.substr(0, 200) + "' at /paths/" +
                               pointerToken(path).substr(0, 200) + " does not start with '/'");
    }
    if (auto twice = repeatedParameter(path); !twice.empty())
      return Error::badRequest("path '" + path.substr(0, 200) + "' at /paths/" +
                               pointerToken(path).substr(0, 200) + " holds " +
                               twice.substr(0, 100) + " twice");
    const json* item = refs.resolve(rawItem);
    if (!item || !item->is_object()) continue;
    for (const char* method : kMethods) {
      const json* op = member(*item, method);
      if (!op || !op->is_object()) continue;
      if (spec.operations.size() >= limits.maxOperations)
        return Error::badRequest("more than " + std::to_string(limits.maxOperations) +
                                 " operations; split the description");
      spec.operations.push_back(reader.read(path, method, *item, *op));
      if (reader.exhausted())
        return Error::badRequest(
            "the operations' parameters and example values expand to more than " +
            std::to_string(kMaxExampleWork) +
            " values (schemas or path items referenced over and over?); split the description");
    }
  }
  if (spec.operations.empty())
    return Error::badRequest("no operation under /paths: the description has nothing to scan");
  return spec;
}

}  // namespace ctc::scanner::spec
