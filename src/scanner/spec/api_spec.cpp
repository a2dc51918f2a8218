#include "ctc/scanner/spec/api_spec.hpp"

#include "ctc/scanner/spec/spec_document.hpp"
#include "schema_values.hpp"
#include "spec_readers.hpp"

namespace ctc::scanner {

std::string_view toString(SpecType type) {
  switch (type) {
    case SpecType::OpenApi2:
      return "openapi2";
    case SpecType::OpenApi3:
      return "openapi3";
    case SpecType::Har:
      return "har";
  }
  return "openapi3";
}

namespace {

std::string versionText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();  // `openapi: 3.0` unquoted in YAML is a number
  return "";
}

Result<SpecType> typeOf(const nlohmann::json& doc) {
  if (!doc.is_object())
    return Error::badRequest(
        "the document is not an object: expected an OpenAPI description "
        "or a HAR file");
  if (auto v = doc.find("openapi"); v != doc.end()) {
    std::string version = versionText(*v);
    if (version.rfind("3.", 0) == 0) return SpecType::OpenApi3;
    return Error::badRequest("unsupported OpenAPI version '" + version.substr(0, 40) +
                             "' at /openapi (3.0 and 3.1 are read, and Swagger 2.0)");
  }
  if (auto v = doc.find("swagger"); v != doc.end()) {
    std::string version = versionText(*v);
    if (version == "2.0" || version == "2") return SpecType::OpenApi2;
    return Error::badRequest("unsupported Swagger version '" + version.substr(0, 40) +
                             "' at /swagger (2.0 is read, and OpenAPI 3.x)");
  }
  if (auto log = doc.find("log"); log != doc.end() && log->is_object()) return SpecType::Har;
  return Error::badRequest(
      "not an OpenAPI description or a HAR file: no 'openapi', 'swagger' "
      "or 'log' member at the top level");
}

Result<ApiSpec> readApiSpec(std::string_view text, const std::string& projectUrl,
                            const SpecLimits& limits) {
  if (text.size() > limits.maxBytes)
    return Error{
        ErrorKind::TooLarge,
        "the description is larger than " + std::to_string(limits.maxBytes / 1024) + " KiB",
        {}};
  auto doc = parseSpecDocument(text);
  if (!doc) return doc.error();
  auto type = typeOf(*doc);
  if (!type) return type.error();
  if (*type == SpecType::Har) return spec::readHar(*doc, projectUrl, limits);
  spec::SpecRefs refs(*doc);
  if (auto checked = spec::checkReferences(*doc, refs); !checked) return checked.error();
  return spec::readOpenApi(*doc, refs, *type, projectUrl, limits);
}

}  // namespace

Result<ApiSpec> parseApiSpec(std::string_view text, const std::string& projectUrl,
                             const SpecLimits& limits) {
  try {
    return readApiSpec(text, projectUrl, limits);
  } catch (const std::exception& e) {
    // A reader missed a type check: still the document's fault, never a crash or a 500.
    return Error::badRequest(std::string("the description could not be read: ") + e.what());
  }
}

}  // namespace ctc::scanner
