#pragma once
/// A finding's evidence request as one shell-safe curl command that sends it again.
#include <string>
#include <string_view>

namespace ctc::report {

/// From an evidence request as the scanner writes it ("METHOD URL", then "Name: value" header
/// lines, then a blank line and the body): `curl -i [-X METHOD] 'URL' -H '...' --data-binary
/// '...'`, every argument in single quotes. "" when the text does not start with a method and an
/// http(s) URL (evidence that is a summary, not a request). A logged-in scan's session is not
/// part of the evidence, so it is not part of the command either.
std::string curlCommand(std::string_view evidenceRequest);

}  // namespace ctc::report
