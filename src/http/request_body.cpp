#include "ctc/http/request_body.hpp"

#include <charconv>

#include "ctc/http/percent_decoding.hpp"

namespace ctc::http {
namespace {

bool nestingWithin(std::string_view text, int limit) {
  int depth = 0;
  bool inString = false;
  bool escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

bool isBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

Result<nlohmann::json> bodyAsObject(const ApiRequest& request) {
  const std::string& body = request.body;
  if (body.size() > kMaxBodyBytes)
    return Error{ErrorKind::TooLarge, "request body is larger than 1 MiB", {}};
  if (isBlank(body)) return nlohmann::json::object();
  std::string contentType = request.header("Content-Type").value_or("");
  bool looksJson = body[body.find_first_not_of(" \t\r\n")] == '{' ||
                   body[body.find_first_not_of(" \t\r\n")] == '[';
  if (!looksJson && contentType.find("application/x-www-form-urlencoded") != std::string::npos) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [k, v] : parseQueryString(body))
      if (!object.contains(k)) object[k] = v;
    return object;
  }
  if (!nestingWithin(body, kMaxJsonDepth))
    return Error::badRequest("JSON body is nested deeper than 32 levels");
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded())
    return Error::badRequest(
        "request body is not valid JSON; send a JSON object (api/openapi.yaml lists the "
        "fields of each endpoint)");
  if (!parsed.is_object()) return Error::badRequest("request body must be a JSON object");
  return parsed;
}

Result<std::string> stringField(const nlohmann::json& object, const std::string& name,
                                const std::string& fallback) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_string()) return Error::field(name, "must be a string");
  return it->get<std::string>();
}

Result<int64_t> parseId(const std::string& text, const std::string& what) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
    return Error::badRequest(what + " must be a positive integer, got '" + text.substr(0, 40) +
                             "'");
  return value;
}

Result<int64_t> pagingParam(const ApiRequest& request, const std::string& name, int64_t fallback,
                            int64_t min, int64_t max) {
  auto text = request.queryParam(name);
  if (!text || text->empty()) return fallback;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max)
    return Error::field(
        name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return value;
}

}  // namespace ctc::http
