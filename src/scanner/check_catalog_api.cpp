// Catalogue entries of the checks on operations of an API description
// (src/scanner/checks/api/api_checks.cpp; evidence rules in api/checks.md).
#include <array>

#include "check_catalog_active.hpp"

namespace ctc::scanner {
namespace {

using namespace catalog;

constexpr std::string_view kAuthFailures = "A07:2021-Identification and Authentication Failures";
constexpr std::string_view kDesign = "A04:2021-Insecure Design";

constexpr std::array kApi{
    CheckInfo{"api.auth_missing", "api", "Operation answers without the authentication it declares",
              Severity::High, 306, kAuthFailures,
              "The API description says this operation needs credentials, but a request without "
              "any answers with data as if it had them: anyone can call it.",
              "Enforce the declared security scheme in the server for every operation (a "
              "middleware that refuses by default), not only in the gateway or the client.",
              "https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/"},
    CheckInfo{"api.sensitive_data", "api", "API response exposes passwords or secret keys",
              Severity::High, 213, kAccess,
              "An answer of the API carries a member that holds a password, a password hash or "
              "a secret key. Whoever can call the operation reads other users' credentials.",
              "Return only the members a client needs (an explicit response model, never the "
              "database row); remove debug operations from production.",
              "https://owasp.org/API-Security/editions/2023/en/"
              "0xa3-broken-object-property-level-authorization/"},
    CheckInfo{"api.verbose_error", "api", "Stack trace in an API response", Severity::Medium, 209,
              kMisconfig,
              "The server answers with a stack trace: file paths, code lines, library names and "
              "versions that help an attacker plan the next step.",
              "Catch errors at the edge and answer with a generic message and an error id; log "
              "the details on the server; turn debug mode off in production.",
              "https://cwe.mitre.org/data/definitions/209.html"},
    CheckInfo{"api.server_error", "api", "Server error on input of the wrong type", Severity::Low,
              754, kDesign,
              "A value of the wrong type (text where the description says a number or a boolean) "
              "makes the operation fail with a 5xx instead of a 400: the input is not validated "
              "before it is used, which often hides worse flaws.",
              "Validate every parameter against its declared type and bounds before use (schema "
              "validation of requests) and answer invalid input with 400.",
              "https://cwe.mitre.org/data/definitions/754.html"},
    CheckInfo{"api.mass_assignment", "api", "Mass assignment of a privileged member",
              Severity::High, 915, kAccess,
              "A create or update accepted a member the client should never set (admin, role) and "
              "stored it: a user can grant himself rights.",
              "Bind request bodies to an explicit allow-list of writable members (a request "
              "model); never copy the whole body onto the stored object.",
              "https://owasp.org/API-Security/editions/2023/en/"
              "0xa3-broken-object-property-level-authorization/"},
    CheckInfo{"api.bola", "api", "Broken object level authorization (another user's object)",
              Severity::High, 639, kAccess,
              "Logged in as a second user, the API hands out an object that belongs to the first "
              "user (the answer names him), while it refuses the same request without "
              "credentials: it checks that a caller is logged in, not whose object it is.",
              "Check on every object access that the caller owns the object or is allowed to "
              "see it (a policy in the data access layer); prefer unguessable ids as a second "
              "layer, never as the only one.",
              "https://owasp.org/API-Security/editions/2023/en/"
              "0xa1-broken-object-level-authorization/"},
};

}  // namespace

std::span<const CheckInfo> catalog::apiChecks() {
  return kApi;
}

}  // namespace ctc::scanner
