#pragma once
/// Link and form extraction from HTML with gumbo (a real HTML5 parser: comments, unquoted and
/// oddly cased attributes are handled the way browsers do).
#include <gumbo.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ctc::scanner {

struct FormField {
  std::string name;
  std::string value;  ///< default value the crawler submits
  std::string type;   ///< input type, lower case ("text", "password", "hidden"...); "textarea",
                      ///< "select" for those elements
};

struct HtmlForm {
  std::string action;  ///< as written (may be empty = the page itself)
  std::string method;  ///< "GET" or "POST"
  std::vector<FormField> fields;
  std::vector<FormField> buttons;  ///< named submit buttons (a login may need the one clicked)
};

struct HtmlLinks {
  std::string baseHref;              ///< <base href>, if any
  std::vector<std::string> hrefs;    ///< a/area href, iframe/frame src, in document order
  std::vector<std::string> scripts;  ///< script src
  /// What the page loads by itself (img/script/iframe/audio/video/source/embed src, object
  /// data, stylesheet and icon links): mixed content when http:// on an https page.
  std::vector<std::string> subresources;
  std::vector<HtmlForm> forms;
  std::string title;
};

/// How many elements parseableHtmlLength lets a document keep open at once, as counted by a
/// scan that may overcount (sloppy pages) but never undercounts what the parser keeps open.
inline constexpr std::size_t kMaxOpenHtmlElements = 4096;

/// The length of html's prefix that keeps within kMaxOpenHtmlElements, so that a hostile page
/// cannot make the parser's time, memory or recursion explode.
std::size_t parseableHtmlLength(std::string_view html);

/// gumbo's tree of html within the crawler's bounds: the first 2 MiB, cut at
/// parseableHtmlLength, without parse-error records (each copies the stack of open elements:
/// gigabytes on deep hostile pages). Every parser of fetched HTML goes through this.
class BoundedHtml {
 public:
  /// How deep a tree walk may go: parseableHtmlLength keeps gumbo within this.
  static constexpr int kMaxDepth = 4 * kMaxOpenHtmlElements;

  explicit BoundedHtml(std::string_view html);
  ~BoundedHtml();
  BoundedHtml(const BoundedHtml&) = delete;
  BoundedHtml& operator=(const BoundedHtml&) = delete;

  /// The document root, or nullptr if gumbo failed.
  const GumboNode* root() const { return doc_ ? doc_->root : nullptr; }
  /// Calls visit on every node in document order, down to kMaxDepth (iteratively).
  void forEachNode(const std::function<void(const GumboNode&)>& visit) const;

 private:
  GumboOptions options_;
  GumboOutput* doc_;
};

/// Parses at most the first 2 MiB of html. Never throws.
HtmlLinks extractLinks(std::string_view html);

}  // namespace ctc::scanner
