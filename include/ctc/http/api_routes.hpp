#pragma once
/// The route table of the REST and webhook APIs (contract §4, §5) and the dispatcher that turns
/// any request into a response: unknown routes 404, wrong methods 405, exceptions 500, all in
/// the JSON envelope.
#include "ctc/http/router.hpp"
#include "ctc/service/analysis_service.hpp"
#include "ctc/service/auth_service.hpp"
#include "ctc/service/hmac_auth.hpp"
#include "ctc/service/rate_limiter.hpp"
#include "ctc/service/scan_service.hpp"
#include "ctc/service/specification_service.hpp"
#include "ctc/service/target_service.hpp"

namespace ctc::http {

struct Services {
  service::AuthService& auth;
  service::TargetService& targets;
  service::ScanService& scans;
  service::SpecificationService& specifications;
  service::RateLimiter& apiLimiter;      ///< per API key, REST routes
  service::RateLimiter& webhookLimiter;  ///< per webhook secret
  service::HmacAuthService& hmac;        ///< Veracode-signed requests
  service::AnalysisService& analyses;
};

/// Registers every route and alias. The services referred to must outlive the router.
void registerRoutes(Router& router, const Services& services);

/// Routes and runs one request. Never throws. `route`, when given, receives the matched route
/// template ("" when none matched).
ApiResponse dispatch(const Router& router, const ApiRequest& request, std::string* route = nullptr);

/// For a request whose body has not been read (Expect: 100-continue): the final answer its head
/// already decides (404, 405, a route's head check such as 401), else nullopt. Never throws.
std::optional<ApiResponse> dispatchHead(const Router& router, const ApiRequest& head,
                                        std::string* route = nullptr);

/// The API key from header or query, name in any case (header wins).
std::optional<std::string> apiKeyOf(const ApiRequest& request);

}  // namespace ctc::http
