#pragma once
/// Veracode Dynamic Analysis REST API (/was/configservice/v1/...) and the dynamic findings of
/// the Findings API (/appsec/v2/applications/{analysis}/findings) over the same teams, targets
/// and scans, authenticated by VERACODE-HMAC-SHA-256 signatures of `admin api-credentials`
/// pairs. api/COMPATIBILITY.md "Veracode Dynamic Analysis".
#include "ctc/http/api_routes.hpp"

namespace ctc::http::veracode {

void registerVeracodeRoutes(Router& router, const Services& services);

}  // namespace ctc::http::veracode
