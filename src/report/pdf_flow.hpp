#pragma once
/// A top-to-bottom layout cursor over a PdfDocument: wrapped paragraphs, label/value rows and
/// monospace boxes that continue on a new page when the current one is full. Page count is
/// capped so hostile input cannot produce an unbounded document; once the cap is reached every
/// call is a no-op and full() is true.
#include <string>
#include <string_view>
#include <vector>

#include "pdf_document.hpp"

namespace ctc::report {

inline constexpr double kMarginLeft = 56;
inline constexpr double kMarginRight = 56;
inline constexpr double kContentTop = kPageHeight - 60;
inline constexpr double kContentBottom = 60;
inline constexpr double kContentWidth = kPageWidth - kMarginLeft - kMarginRight;

inline constexpr Rgb kBlack{0.10f, 0.10f, 0.12f};
inline constexpr Rgb kGrey{0.42f, 0.44f, 0.48f};
inline constexpr Rgb kLightGrey{0.93f, 0.94f, 0.95f};
inline constexpr Rgb kRule{0.80f, 0.82f, 0.85f};
inline constexpr Rgb kLink{0.10f, 0.30f, 0.62f};

struct TextStyle {
  Face face = Face::Regular;
  double size = 10;
  Rgb color = kBlack;
  double leading = 13.5;  ///< distance between baselines
};

class PdfFlow {
 public:
  PdfFlow(PdfDocument& doc, int maxPages);

  /// Starts a new page; false (and full()) when the page cap is reached or libharu failed.
  bool newPage();
  bool full() const { return full_; }
  HPDF_Page page() const { return page_; }
  PdfDocument& doc() { return doc_; }

  /// Top of the free space on the current page.
  double y() const { return y_; }
  /// Vertical gap; skipped at the top of a page.
  void space(double height) {
    if (!pageEmpty_) y_ -= height;
  }
  /// Claims `height` points the caller drew into itself (charts, badges).
  void advance(double height) {
    y_ -= height;
    pageEmpty_ = false;
  }
  /// Starts a new page unless `height` points still fit (or the page is still empty).
  void ensureSpace(double height);

  /// Wrapped text, indented by `indent` from the left margin.
  void paragraph(std::string_view text, const TextStyle& style, double indent = 0);
  /// Pre-wrapped lines.
  void lines(const std::vector<std::string>& lines, const TextStyle& style, double indent = 0);
  /// A bold label in a fixed column with the wrapped value to its right.
  void labelValue(std::string_view label, std::string_view value, double labelWidth = 100,
                  const TextStyle& valueStyle = {});
  /// Monospace text on a grey background, split across pages when long.
  void codeBox(std::string_view text);
  /// A thin horizontal rule across the content width.
  void rule();

  /// Wraps text for this document at the given style and width.
  std::vector<std::string> wrap(std::string_view text, const TextStyle& style, double width);

 private:
  PdfDocument& doc_;
  int maxPages_;
  HPDF_Page page_ = nullptr;
  double y_ = kContentTop;
  bool pageEmpty_ = true;
  bool full_ = false;
};

}  // namespace ctc::report
