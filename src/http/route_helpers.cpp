#include "route_helpers.hpp"

#include "ctc/http/request_body.hpp"

namespace ctc::http {

std::optional<std::string> apiKeyOf(const ApiRequest& request) {
  if (auto h = request.header("api_key")) return h;
  return request.queryParam("api_key");
}

ApiResponse tooManyRequests(const service::RateLimiter::Decision& d, const std::string& whose,
                            const FailureRenderer& fail) {
  ApiResponse r = fail(Error{ErrorKind::RateLimited,
                             "too many requests for this " + whose + "; retry in " +
                                 std::to_string(d.retryAfterSeconds) + " s",
                             {}});
  r.headers.emplace_back("Retry-After", std::to_string(d.retryAfterSeconds));
  return r;
}

GuardedHandler authed(const Services& s, AuthedHandler f) {
  return authed(s, std::move(f), apiKeyOf, failure);
}

GuardedHandler authed(const Services& s, AuthedHandler f, KeyReader keyOf, FailureRenderer fail) {
  Handler handler = [&auth = s.auth, &limiter = s.apiLimiter, f = std::move(f), keyOf, fail](
                        const ApiRequest& r, const PathParams& p) {
    auto who = auth.authenticate(keyOf(r));
    if (!who) return fail(who.error());
    if (auto d = limiter.take("key:" + std::to_string(who->keyId)); !d.allowed)
      return tooManyRequests(d, "API key", fail);
    return f(*who, r, p);
  };
  // The rate limit is not taken here: the request itself takes it once its body is in.
  HeadCheck check = [&auth = s.auth, keyOf,
                     fail](const ApiRequest& r) -> std::optional<ApiResponse> {
    if (auto who = auth.authenticate(keyOf(r)); !who) return fail(who.error());
    return std::nullopt;
  };
  return {std::move(handler), std::move(check)};
}

Handler hooked(const Services& s, Handler f) {
  return [&limiter = s.webhookLimiter, f = std::move(f)](const ApiRequest& r, const PathParams& p) {
    if (auto d = limiter.take("hook:" + p.at(":secret").substr(0, 64)); !d.allowed)
      return tooManyRequests(d, "webhook", failure);
    return f(r, p);
  };
}

Result<std::vector<int64_t>> ids(const PathParams& p, std::initializer_list<const char*> names) {
  std::vector<int64_t> out;
  for (const char* name : names) {
    auto it = p.find(name);
    if (it == p.end()) return Error::internal(std::string("route lacks ") + name);
    std::string what = std::string(name + 1);
    auto id = parseId(it->second, what);
    if (!id) return id.error();
    out.push_back(*id);
  }
  return out;
}

}  // namespace ctc::http
