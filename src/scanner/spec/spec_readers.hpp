#pragma once
/// The readers behind parseApiSpec, one per kind of description.
#include <nlohmann/json.hpp>
#include <string>

#include "ctc/scanner/spec/api_spec.hpp"
#include "schema_values.hpp"

namespace ctc::scanner::spec {

/// An OpenAPI 2.0 (`type` OpenApi2) or 3.x document, its references already checked through
/// `refs` (which it reuses).
Result<ApiSpec> readOpenApi(const nlohmann::json& doc, const SpecRefs& refs, SpecType type,
                            const std::string& projectUrl, const SpecLimits& limits);

/// An HTTP Archive: the recorded requests to the project's origin.
Result<ApiSpec> readHar(const nlohmann::json& doc, const std::string& projectUrl,
                        const SpecLimits& limits);

/// A member name as one JSON pointer token ("a/b~c" -> "a~1b~0c", RFC 6901).
std::string pointerToken(const std::string& name);

/// A JSON value as a parameter's text: strings as they are, arrays by their first element,
/// other values as JSON.
std::string parameterText(const nlohmann::json& value);

/// An HTTP token (RFC 9110): what a method, header or cookie name must be.
bool isToken(const std::string& s);

}  // namespace ctc::scanner::spec
