#pragma once
/// What every route module wraps its handlers in: key authentication with the per-key rate
/// limit, the webhook secret's limit, path ids, and rendering a Result.
#include <functional>
#include <initializer_list>
#include <vector>

#include "ctc/http/api_routes.hpp"
#include "ctc/http/envelope.hpp"
#include "ctc/http/router.hpp"

namespace ctc::http {

using AuthedHandler =
    std::function<ApiResponse(const service::Principal&, const ApiRequest&, const PathParams&)>;

/// Where a surface's callers put their key.
using KeyReader = std::function<std::optional<std::string>(const ApiRequest&)>;

/// 401 without a known key, 429 over the key's rate, else f. Its head check answers the 401
/// before a body is read. Errors rendered by `fail` (default: the Crashtest envelope).
GuardedHandler authed(const Services& s, AuthedHandler f);
GuardedHandler authed(const Services& s, AuthedHandler f, KeyReader keyOf, FailureRenderer fail);
/// The 429 answer with Retry-After, in the surface's error shape.
ApiResponse tooManyRequests(const service::RateLimiter::Decision& d, const std::string& whose,
                            const FailureRenderer& fail);
/// Webhook routes: the secret in the path is the caller, limited like a key.
Handler hooked(const Services& s, Handler f);
/// Reads the ids named in `names` from the path; the first bad one is the error.
Result<std::vector<int64_t>> ids(const PathParams& p, std::initializer_list<const char*> names);

/// render(value), or the error as `fail` renders it (default: the Crashtest envelope).
template <typename T, typename F>
ApiResponse respond(const Result<T>& result, F&& render,
                    ApiResponse (*fail)(const Error&) = failure) {
  if (!result) return fail(result.error());
  return render(*result);
}

}  // namespace ctc::http
