#pragma once
/// The request bodies of the legacy project and webhook routes, decoded into service inputs.
/// JSON or form bodies, the vendor's field names and ours.
#include "ctc/http/api_types.hpp"
#include "ctc/service/scan_service.hpp"
#include "ctc/service/target_service.hpp"

namespace ctc::http::legacy {

/// POST /teams/{t}/projects: title/name, url, type, description, swagger/openapi,
/// scan_settings, authentication.
Result<service::TargetInput> targetInput(const ApiRequest& r);
/// POST /teams/{t}/projects/{p}: "scan_settings" and/or "authentication"; other fields ignored,
/// so a project read with GET can be sent back as it is.
Result<service::TargetPatch> targetUpdate(const ApiRequest& r);
/// POST /webhook/{secret}: optional credentials and OpenAPI document; empty bodies are fine.
Result<service::WebhookInputs> webhookInputs(const ApiRequest& r);

}  // namespace ctc::http::legacy
