#include "pdf_document.hpp"

#include <cstdio>
#include <filesystem>

#include "ctc/report/xml_text.hpp"

namespace ctc::report {
namespace {

// Throwing through libharu's C frames is not safe: remember the first error instead.
void onError(HPDF_STATUS code, HPDF_STATUS detail, void* userData) {
  auto* state = static_cast<PdfDocument::ErrorState*>(userData);
  if (code == HPDF_STREAM_EOF) return;  // ReadFromStream reports the normal end this way
  if (state->code == HPDF_OK) {
    state->code = code;
    state->detail = detail;
  }
}

constexpr std::array<const char*, 3> kFontFiles{"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                "DejaVuSansMono.ttf"};

std::string hex(HPDF_STATUS code) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%04X", static_cast<unsigned>(code));
  return buffer;
}

}  // namespace

Result<std::unique_ptr<PdfDocument>> PdfDocument::create(const std::string& fontDir,
                                                         const std::string& title) {
  std::unique_ptr<PdfDocument> pdf(new PdfDocument());
  for (const char* file : kFontFiles) {
    std::error_code ec;
    const auto path = std::filesystem::path(fontDir) / file;
    if (!std::filesystem::is_regular_file(path, ec))
      return Error::internal("PDF font not found: " + path.string());
  }
  pdf->doc_ = HPDF_New(onError, &pdf->error_);
  if (pdf->doc_ == nullptr) return Error::internal("libharu: cannot create a PDF document");
  HPDF_SetCompressionMode(pdf->doc_, HPDF_COMP_ALL);
  HPDF_SetPagesConfiguration(pdf->doc_, 64);  // a page tree, not one huge Kids array
  // Required before GetFont(..., "UTF-8"), which otherwise fails with 0x102B.
  HPDF_UseUTFEncodings(pdf->doc_);
  // Info strings are not UTF-8 in libharu; callers pass ASCII.
  HPDF_SetInfoAttr(pdf->doc_, HPDF_INFO_CREATOR, "crashtest-compat");
  HPDF_SetInfoAttr(pdf->doc_, HPDF_INFO_TITLE, title.c_str());

  for (std::size_t i = 0; i < kFontFiles.size(); ++i) {
    const std::string path = (std::filesystem::path(fontDir) / kFontFiles[i]).string();
    const char* name = HPDF_LoadTTFontFromFile(pdf->doc_, path.c_str(), HPDF_TRUE);
    HPDF_Font font = name != nullptr ? HPDF_GetFont(pdf->doc_, name, "UTF-8") : nullptr;
    if (font == nullptr || pdf->failed()) return pdf->libharuError("cannot load PDF font " + path);
    pdf->fonts_[i] = font;
    pdf->ascent_[i] = HPDF_Font_GetAscent(font);
  }
  return pdf;
}

PdfDocument::~PdfDocument() {
  if (doc_ != nullptr) HPDF_Free(doc_);
}

Error PdfDocument::libharuError(const std::string& what) const {
  return Error::internal(what + " (libharu error " + hex(error_.code) + ", detail " +
                         std::to_string(error_.detail) + ")");
}

HPDF_Page PdfDocument::addPage() {
  if (failed()) return nullptr;
  HPDF_Page page = HPDF_AddPage(doc_);
  if (page == nullptr || failed()) return nullptr;
  HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(kPageWidth));
  HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(kPageHeight));
  pages_.push_back(page);
  return page;
}

double PdfDocument::charWidth(Face face, double size, char32_t cp) {
  const auto index = static_cast<std::size_t>(face);
  auto [it, inserted] = widths_[index].try_emplace(cp, 0.0);
  if (inserted) {
    std::string utf8;
    appendUtf8(utf8, cp);
    const HPDF_TextWidth w =
        HPDF_Font_TextWidth(fonts_[index], reinterpret_cast<const HPDF_BYTE*>(utf8.data()),
                            static_cast<HPDF_UINT>(utf8.size()));
    it->second = w.width;
  }
  return it->second * size / 1000.0;
}

double PdfDocument::textWidth(Face face, double size, std::string_view text) {
  double total = 0;
  for (std::size_t pos = 0; pos < text.size();)
    total += charWidth(face, size, nextCodePoint(text, pos));
  return total;
}

double PdfDocument::ascent(Face face, double size) const {
  return ascent_[static_cast<std::size_t>(face)] * size / 1000.0;
}

void PdfDocument::drawText(HPDF_Page page, Face face, double size, Rgb color, double x, double y,
                           std::string_view text) {
  if (page == nullptr || failed() || text.empty()) return;
  const std::string line(text);  // TextOut needs a NUL-terminated string
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, fonts_[static_cast<std::size_t>(face)],
                           static_cast<HPDF_REAL>(size));
  HPDF_Page_SetRGBFill(page, color.r, color.g, color.b);
  HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), line.c_str());
  HPDF_Page_EndText(page);
}

void PdfDocument::fillRect(HPDF_Page page, double x, double y, double width, double height,
                           Rgb color) {
  if (page == nullptr || failed() || width <= 0 || height <= 0) return;
  HPDF_Page_SetRGBFill(page, color.r, color.g, color.b);
  HPDF_Page_Rectangle(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                      static_cast<HPDF_REAL>(width), static_cast<HPDF_REAL>(height));
  HPDF_Page_Fill(page);
}

void PdfDocument::strokeLine(HPDF_Page page, double x1, double y1, double x2, double y2,
                             double lineWidth, Rgb color) {
  if (page == nullptr || failed()) return;
  HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(lineWidth));
  HPDF_Page_SetRGBStroke(page, color.r, color.g, color.b);
  HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(x1), static_cast<HPDF_REAL>(y1));
  HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(x2), static_cast<HPDF_REAL>(y2));
  HPDF_Page_Stroke(page);
}

Result<std::string> PdfDocument::save() {
  if (failed()) return libharuError("PDF layout failed");
  if (HPDF_SaveToStream(doc_) != HPDF_OK || failed()) return libharuError("cannot write PDF");
  std::string out;
  out.reserve(HPDF_GetStreamSize(doc_));
  HPDF_ResetStream(doc_);
  char buffer[64 * 1024];
  while (true) {
    HPDF_UINT32 size = sizeof buffer;
    const HPDF_STATUS status =
        HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(buffer), &size);
    out.append(buffer, size);
    if (status == HPDF_STREAM_EOF) break;
    if (status != HPDF_OK) return libharuError("cannot read PDF stream");
    if (size == 0) break;
  }
  return out;
}

}  // namespace ctc::report
