#pragma once
/// Checks on the operations an API description names, judged per operation rather than per
/// parameter: a declared security requirement the server does not enforce, responses that hand
/// out passwords or secrets, stack traces, server errors on input of the wrong type, and
/// privileged members (admin, role) a create or update accepts, and objects of the first user
/// that a second one reads (BOLA). Every finding needs its proof
/// in a response.
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "ctc/scanner/fetch/fetcher.hpp"
#include "ctc/scanner/finding_collector.hpp"
#include "ctc/scanner/inputs/endpoint.hpp"

namespace ctc::scanner {

struct ApiCheckOptions {
  bool loggedIn = false;  ///< the scan has a session (baselines are sent with it)
  /// api.bola: sends as a second user (null: not checked), and both users' names, which show
  /// whose object an answer is.
  Fetcher* secondUser = nullptr;
  std::string identity, secondIdentity;
  std::function<bool()> stop;          ///< true = stop sending
  std::function<void(int)> onPlanned;  ///< more requests planned (progress)
};

/// One round of requests for all operations (at most a few each), then the verdicts.
void runApiChecks(const std::vector<Endpoint>& operations, Fetcher& fetcher,
                  FindingCollector& findings, const ApiCheckOptions& options,
                  const Fetcher::OnDone& onEachResponse);

/// The first member of a JSON document whose name says it holds a password or a secret key
/// (password, passwd, pwd, secret, client_secret, private_key, ...) with a non-empty string
/// value: "users/0/password" and the value; empty when there is none. Depth and members capped.
std::pair<std::string, std::string> findSecretMember(const nlohmann::json& document);

}  // namespace ctc::scanner
