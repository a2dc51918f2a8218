#pragma once
// The active check families, one file each (internal to checks/active; activeChecks() lists
// them).
#include <memory>

#include "ctc/scanner/checks/active/active_check.hpp"

namespace ctc::scanner {

std::unique_ptr<ActiveCheck> makeReflectionCheck();        // xss.reflected, injection.ssti
std::unique_ptr<ActiveCheck> makeSqlInjectionCheck();      // sqli.error, sqli.boolean
std::unique_ptr<ActiveCheck> makeCommandInjectionCheck();  // injection.command (echo, callback)
std::unique_ptr<ActiveCheck> makeTimeBasedCheck();         // sqli.time, injection.command (delay)
std::unique_ptr<ActiveCheck> makeFileDisclosureCheck();    // files.path_traversal
std::unique_ptr<ActiveCheck> makeCrlfCheck();              // injection.crlf
std::unique_ptr<ActiveCheck> makeOpenRedirectCheck();      // redirect.open
std::unique_ptr<ActiveCheck> makeXxeCheck();               // xxe.external_entity
std::unique_ptr<ActiveCheck> makeSsrfCheck();              // ssrf.confirmed, ssrf.candidate

}  // namespace ctc::scanner
