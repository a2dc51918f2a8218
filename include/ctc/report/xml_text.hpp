#pragma once
/// Text clean-up shared by the XML, JUnit and PDF writers: scanned data is untrusted bytes (Latin-1
/// pages, binary excerpts), while XML 1.0 and our PDF fonts need well-formed UTF-8.
#include <cstddef>
#include <string>
#include <string_view>

namespace ctc::report {

inline constexpr char32_t kReplacementChar = U'\uFFFD';

/// Decodes the code point at `pos` and advances `pos` past it. An ill-formed sequence gives
/// kReplacementChar and skips its maximal subpart (Unicode 15, section 3.9), so each bad
/// sequence becomes exactly one U+FFFD. Requires pos < text.size().
char32_t nextCodePoint(std::string_view text, std::size_t& pos);

/// Appends `cp` encoded as UTF-8.
void appendUtf8(std::string& out, char32_t cp);

/// Well-formed UTF-8 containing only characters legal in XML 1.0: ill-formed sequences become
/// U+FFFD; C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF are dropped.
std::string sanitizeXmlText(std::string_view text);

}  // namespace ctc::report
