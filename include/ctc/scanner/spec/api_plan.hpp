#pragma once
/// From a scan's API descriptions to the endpoints it sends: each description read, its server
/// chosen, the hosts checked against the SSRF rule, and one endpoint per operation.
#include <functional>
#include <string>
#include <vector>

#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/fetch/url.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"
#include "ctc/util/result.hpp"

namespace ctc::scanner {

/// The descriptions a scan starts with.
struct ApiInputs {
  struct Document {
    std::string name;
    std::string text;
  };
  std::vector<Document> documents;
  /// Fetched when the scan starts (under the SSRF rule, 8 MiB at most).
  std::string swaggerUrl;
  bool empty() const { return documents.empty() && swaggerUrl.empty(); }
};

/// One description, ready to send.
struct PlannedApi {
  std::string name;
  std::string server;  ///< absolute, no trailing '/'
  std::vector<Endpoint> endpoints;
};

struct ApiPlan {
  std::vector<PlannedApi> apis;
  std::vector<std::string> resolvePins;  ///< for servers on other hosts than the target's
  std::vector<std::string> notes;        ///< for the scan's message (a description skipped)
};

/// Which server of `servers` a scan uses: `wanted` when it is one of them (BadRequest when it is
/// set and is not), else the first on the project's origin, else the first.
Result<std::string> chooseServer(const std::vector<std::string>& servers, const ParsedUrl& project,
                                 const std::string& wanted);

struct ApiPlanOptions {
  std::string wantedServer;  ///< scan_settings.server
  bool allowPrivateTargets = false;
  FetchOptions fetch;  ///< for the swagger_url request
  std::function<bool()> stop;
  /// The document fetched from swagger_url, once it parsed (the caller stores it).
  std::function<void(const std::string& url, const std::string& document)> onFetched;
};

/// Reads every document (one that no longer parses is skipped with a note), fetches swagger_url,
/// and plans the endpoints. Errors (BadRequest, the message names the description): swagger_url
/// unreachable or not a description, a wanted server no description names, a server host the
/// SSRF rule refuses.
Result<ApiPlan> planApiScan(const ApiInputs& inputs, const ParsedUrl& project,
                            const ApiPlanOptions& options);

}  // namespace ctc::scanner
