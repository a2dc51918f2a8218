#include "ctc/http/router.hpp"

#include "ctc/http/percent_decoding.hpp"

namespace ctc::http {
namespace {

std::vector<std::string> splitRaw(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> pathSegments(const std::string& path) {
  std::vector<std::string> segments;
  for (const auto& raw : splitRaw(path)) {
    auto decoded = percentDecode(raw, false);
    if (!decoded) return std::nullopt;
    segments.push_back(*decoded);
  }
  if (segments.size() >= 2 && segments[0] == "api" && segments[1] == "v1")
    segments.erase(segments.begin(), segments.begin() + 2);
  return segments;
}

void Router::add(std::string method, const std::string& pattern, Handler handler) {
  add(std::move(method), pattern, GuardedHandler{std::move(handler), {}});
}

void Router::add(std::string method, const std::string& pattern, GuardedHandler guarded) {
  Route route{std::move(method), pattern, {}, std::move(guarded.handler), std::move(guarded.check)};
  for (const auto& raw : splitRaw(pattern)) {
    Segment s;
    if (raw.front() == ':') {
      s.capture = raw;
    } else if (raw.front() == '{' && raw.back() == '}') {
      std::string inner = raw.substr(1, raw.size() - 2);
      std::size_t start = 0;
      while (start <= inner.size()) {
        auto bar = inner.find('|', start);
        if (bar == std::string::npos) bar = inner.size();
        s.literals.push_back(inner.substr(start, bar - start));
        start = bar + 1;
      }
    } else {
      s.literals.push_back(raw);
    }
    route.segments.push_back(std::move(s));
  }
  routes_.push_back(std::move(route));
}

std::variant<RouteMatch, NoRoute, MethodNotAllowed> Router::match(const std::string& method,
                                                                  const std::string& path) const {
  auto segments = pathSegments(path);
  if (!segments) return NoRoute{};
  std::string allowed;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments->size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < segments->size() && ok; ++i) {
      const Segment& s = route.segments[i];
      const std::string& actual = (*segments)[i];
      if (!s.capture.empty()) {
        params[s.capture] = actual;
      } else {
        ok = false;
        for (const auto& lit : s.literals) ok = ok || lit == actual;
      }
    }
    if (!ok) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET"))
      return RouteMatch{&route.handler, route.check ? &route.check : nullptr, &route.pattern,
                        std::move(params)};
    if (allowed.find(route.method) == std::string::npos)
      allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (!allowed.empty()) return MethodNotAllowed{allowed};
  return NoRoute{};
}

void Router::addSurface(std::string prefix, FailureRenderer failure) {
  surfaces_.emplace_back(std::move(prefix), std::move(failure));
}

const FailureRenderer& Router::failureFor(const std::string& path,
                                          const FailureRenderer& fallback) const {
  // The optional "/api/v1" that routing drops: /api/v1/was/... is the Veracode surface too.
  std::string_view rest = path;
  if (rest.rfind("/api/v1/", 0) == 0) rest.remove_prefix(7);
  for (const auto& [prefix, failure] : surfaces_)
    if (rest.rfind(prefix, 0) == 0) return failure;
  return fallback;
}

}  // namespace ctc::http
