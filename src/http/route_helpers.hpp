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

/// 401 without a known key, 429 over the key's rate, else f. Its head check answers the 401
/// before a body is read.
GuardedHandler authed(const Services& s, AuthedHandler f);
/// Webhook routes: the secret in the path is the caller, limited like a key.
Handler hooked(const Services& s, Handler f);
/// Reads the ids named in `names` from the path; the first bad one is the error.
Result<std::vector<int64_t>> ids(const PathParams& p, std::initializer_list<const char*> names);

template <typename T, typename F>
ApiResponse respond(const Result<T>& result, F&& render) {
  if (!result) return failure(result.error());
  return render(*result);
}

}  // namespace ctc::http
