#pragma once
/// Codacy API v3 DAST routes (/api/v3/organizations/{provider}/{organization}/...) over the
/// same teams, targets and scans as the Crashtest API. Header `api-token`: one of our API keys.
/// {organization} is one of the key's teams by name. api/COMPATIBILITY.md "Codacy DAST".
#include "ctc/http/api_routes.hpp"

namespace ctc::http::codacy {

void registerCodacyRoutes(Router& router, const Services& services);

}  // namespace ctc::http::codacy
