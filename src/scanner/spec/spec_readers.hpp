#pragma once
/// The readers behind parseApiSpec, one per kind of description.
#include <nlohmann/json.hpp>
#include <string>

#include "ctc/scanner/spec/api_spec.hpp"

namespace ctc::scanner::spec {

/// An OpenAPI 2.0 (`type` OpenApi2) or 3.x document, its references already checked.
Result<ApiSpec> readOpenApi(const nlohmann::json& doc, SpecType type, const std::string& projectUrl,
                            const SpecLimits& limits);

/// An HTTP Archive: the recorded requests to the project's origin.
Result<ApiSpec> readHar(const nlohmann::json& doc, const std::string& projectUrl,
                        const SpecLimits& limits);

/// A JSON value as a parameter's text: strings as they are, arrays by their first element,
/// other values as JSON.
std::string parameterText(const nlohmann::json& value);

/// An HTTP token (RFC 9110): what a method, header or cookie name must be.
bool isToken(const std::string& s);

}  // namespace ctc::scanner::spec
