#pragma once
/// Line breaking for the PDF writer. libharu's own TextRect only breaks at ASCII spaces and
/// silently draws nothing for a token wider than the box (a long URL or hash), so we break
/// lines ourselves from per-character widths. Pure functions, no libharu.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ctc::report {

/// Advance width of one code point, in points, for the font and size being laid out.
using CharWidth = std::function<double(char32_t)>;

/// Text the PDF fonts can show: sanitizeXmlText, then CR LF / CR become LF, tab becomes four
/// spaces, remaining controls (C1) are dropped and code points above U+FFFF (which libharu's
/// UTF-8 encoder mishandles) become U+FFFD. At most maxChars code points are kept; a cut is
/// marked with " ... [N more characters]" (or, for input over 4 * maxChars bytes, which is not
/// decoded in full, " ... [truncated, N bytes in total]").
std::string pdfSafeText(std::string_view text, std::size_t maxChars);

/// Splits pdfSafeText output into lines no wider than maxWidth. Breaks at '\n'; otherwise after
/// the last space that fits (unless that leaves the line less than half full and a URL break
/// fits later); otherwise, inside a long token such as a URL, after the last '/', '?', '&', '=',
/// '_', '.', ',' or ';' that fits; otherwise between two characters. Never splits a UTF-8
/// sequence, and always makes progress (a single character wider than maxWidth gets a line of
/// its own). Spaces at a break are dropped. Empty text gives no lines; trailing newlines are
/// ignored; "\n\n" inside the text gives a blank line.
std::vector<std::string> wrapText(std::string_view text, const CharWidth& width, double maxWidth);

/// `text` on one line (newlines become spaces), cut to fit maxWidth and ending in "…" if cut.
std::string truncateToWidth(std::string_view text, const CharWidth& width, double maxWidth);

}  // namespace ctc::report
