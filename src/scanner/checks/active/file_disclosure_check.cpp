// files.path_traversal: a value that names a file is replaced by paths to well-known system
// files, one variant per round until one works: plain relative and absolute paths, the
// "....//" form that survives a single removal of "../", encoded dots for a second decoding, a
// NUL that cuts off an appended extension, a file:// URL, and PHP's php://filter wrapper that
// returns a script's own source as base64. Proof is the file's content (response_signatures) or
// PHP source that the baseline did not contain, never the status or the length.
#include <re2/re2.h>
#include <sodium.h>

#include "ctc/scanner/checks/active/response_signatures.hpp"
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

/// A value or name that suggests a file or path (traversal is only tried there).
bool looksLikeFile(const InsertionPoint& p) {
  static const RE2 kName(
      R"((?i)(file|path|page|doc|document|template|include|inc|dir|folder|load|read|view|download|img|image|name|lang|style|layout|show|src|source|^f$|^p$))");
  return p.value.find('.') != std::string::npos || p.value.find('/') != std::string::npos ||
         RE2::PartialMatch(p.name, kName);
}

std::string repeat(std::string_view step, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += step;
  return out;
}

/// The decoded text of the first base64 run of 40+ characters in body that the baseline lacks
/// and that decodes to PHP source; "" when none does.
std::string phpSourceIn(std::string_view body, std::string_view baseline) {
  static const RE2 kRun(R"(([A-Za-z0-9+/]{40,}={0,2}))");
  re2::StringPiece input(body.data(), body.size());
  re2::StringPiece run;
  for (int runs = 0; runs < 20 && RE2::FindAndConsume(&input, kRun, &run); ++runs) {
    std::string_view text(run.data(), run.size());
    if (baseline.find(text) != std::string_view::npos) continue;
    std::string decoded(text.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                          text.data(), text.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
      continue;
    decoded.resize(length);
    if (auto at = decoded.find("<?php"); at != std::string::npos)
      return probe::excerptAround(decoded, "<?php").substr(0, 200);
  }
  return "";
}

class FileDisclosureCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    bool kind =
        point.isParameter() || point.kind == InputKind::Cookie || point.kind == InputKind::PathInfo;
    return kind && looksLikeFile(point);
  }

  void start(Attack& a) const override {
    std::string dots = repeat("../", 10);
    std::vector<std::string> variants = {
        dots + "etc/passwd",
        repeat("..\\", 10) + "windows\\win.ini",
        "/etc/passwd",
        repeat("....//", 10) + "etc/passwd",
        repeat("..%2f", 10) + "etc%2fpasswd",  // percent-encoded again on the wire
        dots + "etc/passwd" + std::string(1, '\0') + ".",
        "file:///etc/passwd",
        "php://filter/convert.base64-encode/resource=" + a.original(),
    };
    if (a.point().kind == InputKind::PathInfo) variants.resize(4);  // no wrappers in a path
    sendInTurn(a, std::move(variants), "files.path_traversal", [&a](const FetchResult& r) {
      if (auto m = findFileContent(r.response.body); m && !findFileContent(a.baseline().body))
        return "contents of " + m->what + ": " + m->excerpt;
      if (std::string source = phpSourceIn(r.response.body, a.baseline().body); !source.empty())
        return "the server returned a script's own source code (base64 from php://filter, "
               "decoded): " +
               source;
      return std::string();
    });
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeFileDisclosureCheck() {
  return std::make_unique<FileDisclosureCheck>();
}

}  // namespace ctc::scanner
