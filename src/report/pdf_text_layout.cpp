#include "pdf_text_layout.hpp"

#include <algorithm>

#include "ctc/report/xml_text.hpp"

namespace ctc::report {
namespace {

struct Glyph {
  std::size_t offset;  ///< byte offset in the paragraph
  char32_t cp;
  double width;
};

bool isSoftBreakAfter(char32_t cp) {
  switch (cp) {
    // Not '-': pdftotext and copy-paste treat a line-final hyphen as hyphenation and drop it.
    case '/':
    case '?':
    case '&':
    case '=':
    case '_':
    case '.':
    case ',':
    case ';':
      return true;
    default:
      return false;
  }
}

void wrapParagraph(std::string_view paragraph, const CharWidth& width, double maxWidth,
                   std::vector<std::string>& lines) {
  std::vector<Glyph> glyphs;
  for (std::size_t pos = 0; pos < paragraph.size();) {
    const std::size_t offset = pos;
    const char32_t cp = nextCodePoint(paragraph, pos);
    glyphs.push_back(Glyph{offset, cp, width(cp)});
  }
  const auto byteAt = [&](std::size_t index) {
    return index < glyphs.size() ? glyphs[index].offset : paragraph.size();
  };
  const auto emit = [&](std::size_t from, std::size_t to) {
    while (to > from && glyphs[to - 1].cp == ' ') --to;  // trailing spaces are invisible
    lines.emplace_back(paragraph.substr(byteAt(from), byteAt(to) - byteAt(from)));
  };

  std::size_t start = 0;
  while (start < glyphs.size()) {
    double lineWidth = 0, widthAtSpace = 0;
    std::size_t lastSpace = 0, lastSoft = 0;  // index just after the break point; 0 = none
    std::size_t i = start;
    for (; i < glyphs.size(); ++i) {
      if (lineWidth + glyphs[i].width > maxWidth && i > start) break;
      lineWidth += glyphs[i].width;
      if (glyphs[i].cp == ' ') {
        lastSpace = i + 1;
        widthAtSpace = lineWidth;
      } else if (isSoftBreakAfter(glyphs[i].cp)) {
        lastSoft = i + 1;
      }
    }
    // "GET https://very/long/url": rather than leaving "GET" alone on a line, break the URL.
    if (lastSoft > lastSpace && widthAtSpace < maxWidth / 2) lastSpace = 0;
    if (i == glyphs.size()) {
      emit(start, i);
      return;
    }
    std::size_t end = i;
    if (glyphs[i].cp == ' ') {
      // The overflowing character is itself a break: the line ends right before it.
    } else if (lastSpace > start) {
      end = lastSpace;
    } else if (lastSoft > start) {
      end = lastSoft;
    }
    emit(start, end);
    start = end;
    while (start < glyphs.size() && glyphs[start].cp == ' ') ++start;
  }
}

}  // namespace

std::string pdfSafeText(std::string_view text, std::size_t maxChars) {
  // Look at a bounded prefix only: a multi-megabyte response excerpt must not cost more than
  // the few pages we show of it.
  const std::size_t maxBytes = maxChars * 4 + 16;
  const bool cutEarly = text.size() > maxBytes;
  const std::string clean = sanitizeXmlText(cutEarly ? text.substr(0, maxBytes) : text);
  std::string out;
  out.reserve(std::min(clean.size(), maxChars * 3));
  std::size_t kept = 0, total = 0;
  for (std::size_t pos = 0; pos < clean.size();) {
    char32_t cp = nextCodePoint(clean, pos);
    if (cp == '\r') {
      if (pos < clean.size() && clean[pos] == '\n') continue;
      cp = '\n';
    }
    if (cp >= 0x80 && cp < 0xA0) continue;
    ++total;
    if (kept >= maxChars) continue;
    ++kept;
    if (cp == '\t') {
      out.append("    ");
    } else {
      appendUtf8(out, cp > 0xFFFF ? kReplacementChar : cp);
    }
  }
  if (cutEarly) {
    out += " ... [truncated, " + std::to_string(text.size()) + " bytes in total]";
  } else if (total > kept) {
    out += " ... [" + std::to_string(total - kept) + " more characters]";
  }
  return out;
}

std::vector<std::string> wrapText(std::string_view text, const CharWidth& width, double maxWidth) {
  std::vector<std::string> lines;
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.empty()) return lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t newline = text.find('\n', start);
    const std::string_view paragraph = text.substr(
        start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
    if (paragraph.empty()) {
      lines.emplace_back();
    } else {
      wrapParagraph(paragraph, width, maxWidth, lines);
    }
    if (newline == std::string_view::npos) break;
    start = newline + 1;
  }
  return lines;
}

std::string truncateToWidth(std::string_view original, const CharWidth& width, double maxWidth) {
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  std::string singleLine(original);
  std::replace(singleLine.begin(), singleLine.end(), '\n', ' ');
  const std::string_view text = singleLine;
  double total = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = pos;
    total += width(nextCodePoint(text, next));
    if (total > maxWidth) break;
    pos = next;
  }
  if (pos >= text.size()) return std::string(text);
  // Make room for the ellipsis, backing up whole characters.
  const double ellipsis = width(U'\u2026');
  double used = 0;
  std::size_t cut = 0;
  for (std::size_t p = 0; p < pos;) {
    std::size_t next = p;
    used += width(nextCodePoint(text, next));
    if (used + ellipsis > maxWidth) break;
    cut = next;
    p = next;
  }
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

}  // namespace ctc::report
