#pragma once
/// Reflected XSS, decided on the parsed page (gumbo): where a harmless marker comes back
/// (text, attribute, script, URL attribute) and whether a payload built for that place really
/// created an element, an event handler, script code or a javascript: URL carrying the marker.
/// Text inside <textarea>, <title>, comments or JSON responses never counts.
#include <string>
#include <string_view>
#include <vector>

namespace ctc::scanner {

enum class ReflectionContext { Text, Attribute, Script, Url };

struct Reflection {
  ReflectionContext context;
  char quote = 0;  ///< Attribute/Url: the quote around the value ('"', '\'', 0 = none)
};

/// The places in html where marker appears (one entry per distinct context).
std::vector<Reflection> findReflections(std::string_view html, std::string_view marker);

/// Payloads that would run `marker()` from this context.
std::vector<std::string> xssPayloads(const Reflection& where, std::string_view marker);

/// The part of html that proves `marker()` runs (an element with an event handler, a script
/// calling it outside strings and comments, a javascript: URL), or "" when nothing does.
std::string provenXss(std::string_view html, std::string_view marker);

/// JavaScript with string literals and comments blanked out (for "is it code?" questions).
std::string javascriptCodeOnly(std::string_view js);

}  // namespace ctc::scanner
