#pragma once
/// The Crashtest API (contract §4, §5), one file per group of routes. Every path also answers
/// under "/api/v1" (the router drops it) and "projects" has the alias "targets".
#include <string>

#include "ctc/http/api_routes.hpp"

namespace ctc::http::legacy {

inline const std::string kProjectsPath = "/teams/:teamId/{projects|targets}";
inline const std::string kProjectPath = kProjectsPath + "/:projectId";

/// Registers all of the below.
void registerLegacyRoutes(Router& router, const Services& services);

/// /, /health, /teams, projects and their webhook secrets.
void registerTeamRoutes(Router& router, const Services& services);
/// Starting, listing, reading, stopping scans and their reports (flat and nested paths).
void registerScanRoutes(Router& router, const Services& services);
/// /webhook/{secret}: start a scan, its status and reports.
void registerWebhookRoutes(Router& router, const Services& services);
/// {project}/specifications: upload, list, show and delete API descriptions.
void registerSpecificationRoutes(Router& router, const Services& services);

}  // namespace ctc::http::legacy
