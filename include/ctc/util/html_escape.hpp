#pragma once
#include <string>
#include <string_view>

namespace ctc {

/// s with & < > " ' as HTML entities (&#x27; for the quote, as Python's html.escape and most
/// template engines write it): how a page echoes a value safely, and how the HTML report
/// writes text.
std::string htmlEscaped(std::string_view s);

}  // namespace ctc
