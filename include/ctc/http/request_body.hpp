#pragma once
/// Reading request bodies liberally (JSON, or an HTML form for old clients) and strictly typed.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ctc/http/api_types.hpp"
#include "ctc/util/result.hpp"

namespace ctc::http {

/// Largest body we read; larger ones are 413.
constexpr std::size_t kMaxBodyBytes = 1u << 20;
/// Deeper JSON is refused before parsing (the parser recurses).
constexpr int kMaxJsonDepth = 32;

/// The body as a JSON object: an empty body is {}, a form-encoded body becomes an object of
/// strings, anything else must be a JSON object. BadRequest explains what is wrong.
Result<nlohmann::json> bodyAsObject(const ApiRequest& request);

/// The string field `name`, or `fallback` when absent or null; BadRequest for another type.
Result<std::string> stringField(const nlohmann::json& object, const std::string& name,
                                const std::string& fallback = "");

/// A path id: a positive decimal integer that fits in int64. BadRequest otherwise.
Result<int64_t> parseId(const std::string& text, const std::string& what);
/// A paging parameter (?cursor=, ?page=, ?limit=, ?size=): absent or empty gives `fallback`,
/// else a decimal integer within [min, max]; BadRequest naming `name` otherwise.
Result<int64_t> pagingParam(const ApiRequest& request, const std::string& name, int64_t fallback,
                            int64_t min, int64_t max);

}  // namespace ctc::http
