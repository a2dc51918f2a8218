#include "project_bodies.hpp"

#include "ctc/http/envelope.hpp"
#include "ctc/http/request_body.hpp"
#include "ctc/service/authentication.hpp"

namespace ctc::http::legacy {
namespace {

using nlohmann::json;

/// The OpenAPI document under the last of `fields` present (an object, kept as JSON text, or a
/// string), nullopt when none is; BadRequest for another type.
Result<std::optional<std::string>> openApiDocument(const nlohmann::json& body,
                                                   std::initializer_list<const char*> fields) {
  std::optional<std::string> document;
  for (const char* field : fields) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) continue;
    if (it->is_object())
      document = dumpJson(*it);
    else if (it->is_string())
      document = it->get<std::string>();
    else
      return Error::field(field, "must be an OpenAPI document (object or string)");
  }
  return document;
}

/// The "scan_settings" object of a project body, type-checked; absent or null is an empty patch.
/// A null member resets that setting. Unknown members are refused (unlike unknown top-level
/// fields): a misspelt "exclude_path" must not quietly let a scan request "/logout".
Result<service::ScanSettingsPatch> scanSettingsPatch(const json& body) {
  service::ScanSettingsPatch patch;
  auto it = body.find("scan_settings");
  if (it == body.end() || it->is_null()) return patch;
  if (!it->is_object()) return Error::field("scan_settings", "must be an object");
  for (const auto& [key, value] : it->items()) {
    std::string field = "scan_settings." + key.substr(0, 64);
    if (key == "requests_per_second") {
      if (value.is_null()) {
        patch.requestsPerSecond = std::optional<double>();
      } else if (value.is_number()) {
        double rate = value.get<double>();
        patch.requestsPerSecond = rate == 0 ? 0.0 : rate;  // no "-0.0" stored or sent back
      } else {
        return Error::field(field, "must be a number (requests per second, 0 = unlimited)");
      }
    } else if (key == "include_paths" || key == "exclude_paths") {
      std::vector<std::string> patterns;
      if (!value.is_null() && !value.is_array())
        return Error::field(field, "must be an array of path patterns");
      for (std::size_t i = 0; value.is_array() && i < value.size(); ++i) {
        if (!value[i].is_string())
          return Error::field(field + "[" + std::to_string(i) + "]", "must be a string");
        patterns.push_back(value[i].get<std::string>());
      }
      (key == "include_paths" ? patch.includePaths : patch.excludePaths) = std::move(patterns);
    } else if (key == "server") {
      if (!value.is_null() && !value.is_string())
        return Error::field(field, "must be a URL string (or null)");
      patch.server = value.is_string() ? value.get<std::string>() : "";
    } else if (key == "allow_destructive_methods") {
      if (!value.is_null() && !value.is_boolean())
        return Error::field(field, "must be true or false");
      patch.allowDestructiveMethods = value.is_boolean() && value.get<bool>();
    } else {
      return Error::field(field,
                          "is not a scan setting; use requests_per_second, include_paths, "
                          "exclude_paths, allow_destructive_methods or server");
    }
  }
  return patch;
}

/// The "authentication" of a project body: absent = unchanged, null = none.
Result<std::optional<std::optional<Authentication>>> authenticationPatch(const json& body) {
  auto it = body.find("authentication");
  if (it == body.end()) return std::optional<std::optional<Authentication>>();
  if (it->is_null())  // set, to none (a plain nullopt here would mean "unchanged")
    return std::optional<std::optional<Authentication>>(std::in_place);
  auto auth = service::parseAuthentication(*it, "authentication", false);
  if (!auth) return auth.error();
  return std::optional<std::optional<Authentication>>(std::move(*auth));
}

}  // namespace

/// The body of a project update: "scan_settings" or "authentication" (or both); other fields
/// are ignored, so a project read with GET can be sent back as it is. The authentication GET
/// shows has no secrets, so it is only taken when it has them: the route changes nothing else.
Result<service::TargetPatch> targetUpdate(const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  auto settings = body->find("scan_settings");
  auto auth = body->find("authentication");
  bool hasSettings = settings != body->end() && !settings->is_null();
  if (!hasSettings && auth == body->end())
    return Error::field("scan_settings",
                        "is required (or \"authentication\"); it is what this route changes");
  service::TargetPatch patch;
  auto settingsPatch = scanSettingsPatch(*body);
  if (!settingsPatch) return settingsPatch.error();
  patch.scanSettings = std::move(*settingsPatch);
  auto authPatch = authenticationPatch(*body);
  if (!authPatch) return authPatch.error();
  patch.authentication = std::move(*authPatch);
  return patch;
}

Result<service::TargetInput> targetInput(const ApiRequest& r) {
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  service::TargetInput in;
  // Accept the vendor's and our names: title/name, swagger/openapi, JSON or form bodies.
  for (auto [field, out] :
       {std::pair{"title", &in.title}, std::pair{"url", &in.url}, std::pair{"type", &in.type},
        std::pair{"description", &in.description}, std::pair{"swagger_url", &in.swaggerUrl}}) {
    auto v = stringField(*body, field, *out);
    if (!v) return v.error();
    *out = *v;
  }
  if (in.title.empty()) {
    auto name = stringField(*body, "name");
    if (!name) return name.error();
    in.title = *name;
  }
  auto swagger = openApiDocument(*body, {"swagger", "openapi"});
  if (!swagger) return swagger.error();
  if (*swagger) in.swagger = **swagger;
  auto settings = scanSettingsPatch(*body);
  if (!settings) return settings.error();
  in.scanSettings = std::move(*settings);
  auto auth = authenticationPatch(*body);
  if (!auth) return auth.error();
  if (*auth) in.authentication = **auth;
  return in;
}

Result<service::WebhookInputs> webhookInputs(const ApiRequest& r) {
  service::WebhookInputs in;
  std::string contentType = r.header("Content-Type").value_or("");
  auto first = r.body.find_first_not_of(" \t\r\n");
  // Published clients POST an empty body, often labelled as a form: nothing to read.
  if (first == std::string::npos) return in;
  if (r.body[first] != '{' && contentType.find("json") == std::string::npos) return in;
  auto body = bodyAsObject(r);
  if (!body) return body.error();
  if (auto it = body->find("credentials"); it != body->end() && !it->is_null()) {
    auto credentials = service::parseAuthentication(*it, "credentials", true);
    if (!credentials) return credentials.error();
    in.credentials = std::move(*credentials);
  }
  auto swagger = openApiDocument(*body, {"openapi", "swagger", "specification"});
  if (!swagger) return swagger.error();
  in.swagger = *swagger;
  return in;
}

}  // namespace ctc::http::legacy
