#pragma once
/// One libharu document with our three embedded DejaVu fonts: page creation, measuring and the
/// few drawing primitives the report needs. Owns its HPDF_Doc (one per report; never shared
/// between threads). libharu errors are recorded, never thrown: check failed() / save().
#include <hpdf.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ctc/util/result.hpp"

namespace ctc::report {

enum class Face { Regular = 0, Bold = 1, Mono = 2 };

struct Rgb {
  float r, g, b;
};

inline constexpr double kPageWidth = 595.276;  // A4 portrait, points
inline constexpr double kPageHeight = 841.89;

class PdfDocument {
 public:
  /// Creates the document and embeds DejaVuSans.ttf, DejaVuSans-Bold.ttf and
  /// DejaVuSansMono.ttf from fontDir. Error::internal if a font is missing or unreadable.
  static Result<std::unique_ptr<PdfDocument>> create(const std::string& fontDir,
                                                     const std::string& title);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  /// True once libharu reported an error; further drawing is pointless.
  bool failed() const { return error_.code != HPDF_OK; }

  /// Appends an A4 page; nullptr if libharu failed.
  HPDF_Page addPage();
  const std::vector<HPDF_Page>& pages() const { return pages_; }

  /// Width in points of one code point / of UTF-8 text (from pdfSafeText).
  double charWidth(Face face, double size, char32_t cp);
  double textWidth(Face face, double size, std::string_view text);
  /// Ascent of the font in points (baseline offset from the top of a line).
  double ascent(Face face, double size) const;

  /// One line of text with its baseline at (x, y). The text must come from pdfSafeText.
  void drawText(HPDF_Page page, Face face, double size, Rgb color, double x, double y,
                std::string_view text);
  void fillRect(HPDF_Page page, double x, double y, double width, double height, Rgb color);
  void strokeLine(HPDF_Page page, double x1, double y1, double x2, double y2, double lineWidth,
                  Rgb color);

  /// The finished PDF bytes, or Error::internal with libharu's error code.
  Result<std::string> save();

  struct ErrorState {
    HPDF_STATUS code = HPDF_OK;
    HPDF_STATUS detail = 0;
  };

 private:
  PdfDocument() = default;
  Error libharuError(const std::string& what) const;

  HPDF_Doc doc_ = nullptr;
  ErrorState error_;
  std::array<HPDF_Font, 3> fonts_{};
  std::array<double, 3> ascent_{};                              ///< per 1000 units of font size
  std::array<std::unordered_map<char32_t, double>, 3> widths_;  ///< per 1000 units
  std::vector<HPDF_Page> pages_;
};

}  // namespace ctc::report
