#pragma once
/// The Crashtest JSON envelope and the single mapping from Error to HTTP status (contract §2).
#include <nlohmann/json.hpp>
#include <string>

#include "ctc/http/api_types.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http {

/// {"success": true, "data": data, "message": message} with the given status.
ApiResponse success(nlohmann::json data, int status = 200, const std::string& message = "OK");
/// {"success": false, "message": ..., "errors": {...}}. Internal errors are logged with their
/// detail and answered with a generic message.
ApiResponse failure(const Error& error);
int httpStatus(ErrorKind kind);
/// What a client may read of an error: its message, or for an internal error a generic one
/// (the detail goes to the log here). Every surface's error renderer uses it.
std::string publicMessage(const Error& error);
/// `body` as JSON with the status, outside any envelope (the successor APIs' own shapes).
ApiResponse jsonResponse(const nlohmann::json& body, int status = 200);
/// No body and no Content-Type (204, or 201/202 without one).
ApiResponse emptyResponse(int status = 204);
/// dump() that never throws on invalid UTF-8 (scanned data may contain Latin-1).
std::string dumpJson(const nlohmann::json& value);

}  // namespace ctc::http
