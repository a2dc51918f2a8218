#include "legacy_routes.hpp"

namespace ctc::http::legacy {

void registerLegacyRoutes(Router& router, const Services& s) {
  registerTeamRoutes(router, s);
  registerSpecificationRoutes(router, s);
  registerScanRoutes(router, s);
  registerWebhookRoutes(router, s);
}

}  // namespace ctc::http::legacy
