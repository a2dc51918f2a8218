#pragma once
/// From a described operation to the endpoint the active checks attack.
#include <string>
#include <vector>

#include "ctc/scanner/inputs/endpoint.hpp"
#include "ctc/scanner/spec/api_spec.hpp"

namespace ctc::scanner {

/// Members of one JSON body attacked at most (the first ones, depth first).
constexpr std::size_t kMaxJsonMembers = 40;

/// The operation sent to `server` (absolute, no trailing '/'): one insertion point per path,
/// query, header, cookie and form parameter, and per scalar member of its JSON body (arrays:
/// their first element). The baseline request sends the described values.
Endpoint endpointFor(const SpecOperation& operation, const std::string& server,
                     const std::string& specification);

/// JSON pointers of the scalar members of `document`, depth first, at most `max`.
std::vector<std::string> scalarMembers(const nlohmann::json& document, std::size_t max);

}  // namespace ctc::scanner
