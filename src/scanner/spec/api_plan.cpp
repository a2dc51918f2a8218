#include "ctc/scanner/spec/api_plan.hpp"

#include <set>

#include "ctc/scanner/fetch/address_policy.hpp"
#include "ctc/scanner/spec/api_spec.hpp"
#include "ctc/scanner/spec/request_plan.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxFetchedSpec = 8u << 20;

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

/// The swagger_url document, or why there is none.
Result<std::string> fetchDescription(const std::string& url, const ApiPlanOptions& options) {
  auto parsed = parseTargetUrl(url);
  if (!parsed) return Error::badRequest("swagger_url " + url + ": " + parsed.error().message);
  auto resolved = resolveAllowedHost(parsed->host, parsed->port, options.allowPrivateTargets);
  if (!resolved)
    return Error::badRequest("swagger_url " + parsed->url +
                             " refused: " + resolved.error().message);
  FetchOptions fetch = options.fetch;
  fetch.resolvePins = resolvePinsFor(*resolved);
  fetch.maxBodyBytes = kMaxFetchedSpec;
  fetch.requestsPerSecond = 0;
  Fetcher fetcher(
      fetch, options.stop ? options.stop : [] { return false; });
  HttpRequest request{"GET", parsed->url, {{"Accept", "application/json, application/yaml, */*"}}};
  FetchResult r = fetcher.fetch(request);
  if (!r.ok())
    return Error::badRequest("swagger_url " + parsed->url +
                             " could not be fetched: " + std::string(describe(r.error)) +
                             (r.errorDetail.empty() ? "" : " (" + r.errorDetail + ")"));
  if (r.response.truncated)
    return Error::badRequest("swagger_url " + parsed->url + " is larger than 8 MiB");
  if (r.response.status != 200)
    return Error::badRequest("swagger_url " + parsed->url + " answered HTTP " +
                             std::to_string(r.response.status) + ", not the description");
  return r.response.body;
}

}  // namespace

Result<std::string> chooseServer(const std::vector<std::string>& servers, const ParsedUrl& project,
                                 const std::string& wanted) {
  auto normalised = [](std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
  };
  if (!wanted.empty()) {
    for (const auto& s : servers)
      if (normalised(s) == normalised(wanted)) return s;
    return Error::badRequest("scan_settings.server " + wanted +
                             " is not a server of the description (it names " + list(servers) +
                             ")");
  }
  for (const auto& s : servers)
    if (auto url = parseTargetUrl(s); url && url->origin() == project.origin()) return s;
  if (servers.empty()) return Error::badRequest("the description names no server");
  return servers.front();
}

Result<ApiPlan> planApiScan(const ApiInputs& inputs, const ParsedUrl& project,
                            const ApiPlanOptions& options) {
  // Each document read once: the stored ones, then what swagger_url gives.
  std::vector<std::pair<std::string, Result<ApiSpec>>> specs;
  for (const auto& doc : inputs.documents)
    specs.emplace_back(doc.name, parseApiSpec(doc.text, project.url, {kMaxFetchedSpec}));
  if (!inputs.swaggerUrl.empty()) {
    auto fetched = fetchDescription(inputs.swaggerUrl, options);
    if (!fetched) return fetched.error();
    auto spec = parseApiSpec(*fetched, project.url, {kMaxFetchedSpec});
    if (!spec)
      return Error::badRequest("swagger_url " + inputs.swaggerUrl +
                               " is not a usable description: " + spec.error().message);
    if (options.onFetched) options.onFetched(inputs.swaggerUrl, *fetched);
    specs.emplace_back(inputs.swaggerUrl, std::move(spec));
  }
  ApiPlan plan;
  std::set<std::string> pinnedHosts{project.host + ":" + std::to_string(project.port)};
  bool wantedFound = options.wantedServer.empty();
  std::vector<std::string> named;
  for (const auto& [name, spec] : specs) {
    if (!spec) {
      plan.notes.push_back("API description '" + name + "' skipped: " + spec.error().message);
      continue;
    }
    for (const auto& s : spec->servers) named.push_back(s);
    auto server = chooseServer(spec->servers, project, options.wantedServer);
    if (!server) {
      // Another description may name the wanted server: this one then uses its own choice.
      server = chooseServer(spec->servers, project, "");
      if (!server) continue;
    } else if (!options.wantedServer.empty()) {
      wantedFound = true;
    }
    auto url = parseTargetUrl(*server);
    if (!url) continue;
    std::string hostKey = url->host + ":" + std::to_string(url->port);
    if (!pinnedHosts.count(hostKey)) {
      auto resolved = resolveAllowedHost(url->host, url->port, options.allowPrivateTargets);
      if (!resolved)
        return Error::badRequest("API description '" + name + "': server " + *server +
                                 " refused: " + resolved.error().message);
      for (auto& pin : resolvePinsFor(*resolved)) plan.resolvePins.push_back(pin);
      pinnedHosts.insert(hostKey);
    }
    PlannedApi api{name, *server, {}};
    for (const auto& op : spec->operations) api.endpoints.push_back(endpointFor(op, *server, name));
    plan.apis.push_back(std::move(api));
  }
  if (!wantedFound)
    return Error::badRequest("scan_settings.server " + options.wantedServer +
                             " is not a server of any API description (they name " + list(named) +
                             ")");
  return plan;
}

}  // namespace ctc::scanner
