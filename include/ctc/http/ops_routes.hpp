#pragma once
/// The operator's routes: /healthz (the process answers), /readyz (it can work: 503 with the
/// reason otherwise) and /metrics (Prometheus text, behind a bearer token when one is set).
/// None of them takes an API key.
#include <functional>
#include <string>

#include "ctc/http/router.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http {

struct OpsEndpoints {
  std::function<Status()> readiness;
  std::function<std::string()> renderMetrics;
  std::string metricsToken;  ///< empty: /metrics is open
};

void registerOpsRoutes(Router& router, OpsEndpoints ops);

}  // namespace ctc::http
