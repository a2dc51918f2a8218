#pragma once
/// Reflected XSS, decided on the parsed page (gumbo): where a harmless marker comes back
/// (text, attribute, script, URL attribute) and whether a payload built for that place really
/// created an element, an event handler, script code or a javascript: URL carrying the marker.
/// Text inside <textarea>, <title>, comments or JSON responses never counts.
#include <string>
#include <string_view>
#include <vector>

namespace ctc::scanner {

enum class ReflectionContext {
  Text,       ///< element content
  Attribute,  ///< an attribute value
  Script,     ///< inside <script> (code or a string literal)
  Url,        ///< at the start of a URL attribute (href, src, action)
  Comment,    ///< inside an HTML comment
  RawText,    ///< inside <textarea>, <title>, <noscript>, <style>, <xmp> or <iframe>
};

struct Reflection {
  ReflectionContext context;
  char quote = 0;       ///< Attribute/Url: the quote around the value ('"', '\'', 0 = none)
  std::string element;  ///< RawText: the element to close ("textarea")
};

/// The places in html where marker appears (one entry per distinct context).
std::vector<Reflection> findReflections(std::string_view html, std::string_view marker);

/// Payloads that would run `marker()` from this context, in the order to try them: the plain
/// form first, then spellings that pass the usual filters (script tags stripped or blocked
/// case-sensitively, quotes escaped, spaces removed), as Wapiti's mod_xss and ZAP's reflected
/// XSS rule try them.
std::vector<std::string> xssPayloads(const Reflection& where, std::string_view marker);

/// The part of html that proves `marker()` runs (an element with an event handler, a script
/// calling it outside strings and comments, a javascript: URL), or "" when nothing does.
std::string provenXss(std::string_view html, std::string_view marker);

/// JavaScript with string literals and comments blanked out (for "is it code?" questions).
std::string javascriptCodeOnly(std::string_view js);

}  // namespace ctc::scanner
