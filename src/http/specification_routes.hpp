#pragma once
/// /teams/{t}/projects/{p}/specifications: upload, list, show and delete API descriptions.
#include "ctc/http/api_routes.hpp"

namespace ctc::http {

void registerSpecificationRoutes(Router& router, const Services& services,
                                 const std::string& projectPath);

}  // namespace ctc::http
