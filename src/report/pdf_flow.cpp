#include "pdf_flow.hpp"

#include <algorithm>
#include <cmath>

#include "pdf_text_layout.hpp"

namespace ctc::report {
namespace {

constexpr TextStyle kLabelStyle{Face::Bold, 10, kBlack, 13.5};
constexpr TextStyle kCodeStyle{Face::Mono, 8, kBlack, 10.5};
constexpr double kCodePadding = 6;

}  // namespace

PdfFlow::PdfFlow(PdfDocument& doc, int maxPages) : doc_(doc), maxPages_(maxPages) {}

bool PdfFlow::newPage() {
  if (full_) return false;
  if (static_cast<int>(doc_.pages().size()) >= maxPages_ || doc_.failed()) {
    full_ = true;
    return false;
  }
  page_ = doc_.addPage();
  if (page_ == nullptr) {
    full_ = true;
    return false;
  }
  y_ = kContentTop;
  pageEmpty_ = true;
  return true;
}

void PdfFlow::ensureSpace(double height) {
  if (page_ == nullptr || (y_ - height < kContentBottom && !pageEmpty_)) newPage();
}

std::vector<std::string> PdfFlow::wrap(std::string_view text, const TextStyle& style,
                                       double width) {
  return wrapText(
      text, [&](char32_t cp) { return doc_.charWidth(style.face, style.size, cp); }, width);
}

void PdfFlow::lines(const std::vector<std::string>& lines, const TextStyle& style, double indent) {
  for (const std::string& line : lines) {
    ensureSpace(style.leading);
    if (full_) return;
    const double baseline = y_ - doc_.ascent(style.face, style.size);
    doc_.drawText(page_, style.face, style.size, style.color, kMarginLeft + indent, baseline, line);
    y_ -= style.leading;
    pageEmpty_ = false;
  }
}

void PdfFlow::paragraph(std::string_view text, const TextStyle& style, double indent) {
  if (full_) return;
  lines(wrap(text, style, kContentWidth - indent), style, indent);
}

void PdfFlow::labelValue(std::string_view label, std::string_view value, double labelWidth,
                         const TextStyle& valueStyle) {
  if (full_) return;
  std::vector<std::string> valueLines = wrap(value, valueStyle, kContentWidth - labelWidth);
  if (valueLines.empty()) valueLines.emplace_back("-");
  const double leading = std::max(valueStyle.leading, kLabelStyle.leading);
  bool labelDrawn = false;
  for (const std::string& line : valueLines) {
    ensureSpace(leading);
    if (full_) return;
    if (!labelDrawn || pageEmpty_) {  // repeat the label at the top of a continuation page
      doc_.drawText(page_, kLabelStyle.face, kLabelStyle.size, kGrey, kMarginLeft,
                    y_ - doc_.ascent(kLabelStyle.face, kLabelStyle.size), label);
      labelDrawn = true;
    }
    doc_.drawText(page_, valueStyle.face, valueStyle.size, valueStyle.color,
                  kMarginLeft + labelWidth, y_ - doc_.ascent(valueStyle.face, valueStyle.size),
                  line);
    y_ -= leading;
    pageEmpty_ = false;
  }
}

void PdfFlow::codeBox(std::string_view text) {
  if (full_ || (page_ == nullptr && !newPage())) return;
  std::vector<std::string> all = wrap(text, kCodeStyle, kContentWidth - 2 * kCodePadding);
  if (all.empty()) all.emplace_back("(empty)");
  std::size_t next = 0;
  while (next < all.size() && !full_) {
    const std::size_t remaining = all.size() - next;
    auto fitting = [&] {
      const double free = y_ - kContentBottom - 2 * kCodePadding;
      return free <= 0 ? std::size_t{0} : static_cast<std::size_t>(free / kCodeStyle.leading);
    };
    // Do not leave a lonely line or two at the bottom of a page.
    if (fitting() < std::min<std::size_t>(remaining, 3) && !pageEmpty_) {
      if (!newPage()) return;
    }
    const std::size_t count = std::max<std::size_t>(1, std::min(remaining, fitting()));
    const double height = count * kCodeStyle.leading + 2 * kCodePadding;
    doc_.fillRect(page_, kMarginLeft, y_ - height, kContentWidth, height, kLightGrey);
    double lineTop = y_ - kCodePadding;
    for (std::size_t i = 0; i < count; ++i) {
      doc_.drawText(page_, kCodeStyle.face, kCodeStyle.size, kCodeStyle.color,
                    kMarginLeft + kCodePadding,
                    lineTop - doc_.ascent(kCodeStyle.face, kCodeStyle.size) - 1, all[next + i]);
      lineTop -= kCodeStyle.leading;
    }
    y_ -= height;
    pageEmpty_ = false;
    next += count;
    if (next < all.size() && !newPage()) return;
  }
}

void PdfFlow::rule() {
  ensureSpace(1);
  if (full_) return;
  doc_.strokeLine(page_, kMarginLeft, y_, kMarginLeft + kContentWidth, y_, 0.5, kRule);
  pageEmpty_ = false;
}

}  // namespace ctc::report
