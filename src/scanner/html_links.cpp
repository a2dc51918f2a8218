#include "ctc/scanner/html_links.hpp"

#include <gumbo.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <vector>

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxHtml = 2u << 20;
constexpr std::size_t kMaxLinks = 2000;
// Hostile pages nest tags 100k deep; recursion stops here instead of exhausting the stack.
constexpr int kMaxDepth = 4 * kMaxOpenHtmlElements;

const char* attribute(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : nullptr;
}

std::string textOf(const GumboNode* node, int depth = 0) {
  std::string out;
  if (depth > kMaxDepth) return out;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE)
    return node->v.text.text;
  if (node->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    out += textOf(static_cast<const GumboNode*>(children.data[i]), depth + 1);
  return out;
}

/// The value a user would most plausibly submit for an input of this type.
std::string defaultValueFor(const GumboElement& input) {
  const char* value = attribute(input, "value");
  if (value && *value) return value;
  const char* type = attribute(input, "type");
  std::string t = type ? type : "text";
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "email") return "scanner@example.com";
  if (t == "number" || t == "range") return "1";
  if (t == "url") return "https://example.com/";
  if (t == "tel") return "5550100";
  if (t == "date") return "2024-01-01";
  if (t == "checkbox" || t == "radio") return "on";
  if (t == "password") return "Scanner-Passw0rd";
  return "crashtest";
}

void collectFormFields(const GumboNode* node, HtmlForm& form, int depth = 0) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > kMaxDepth) return;
  const GumboElement& el = node->v.element;
  const char* name = attribute(el, "name");
  if (name && *name) {
    if (el.tag == GUMBO_TAG_INPUT) {
      const char* type = attribute(el, "type");
      bool skip = type && (strcasecmp(type, "submit") == 0 || strcasecmp(type, "button") == 0 ||
                           strcasecmp(type, "image") == 0 || strcasecmp(type, "file") == 0 ||
                           strcasecmp(type, "reset") == 0);
      if (!skip) form.fields.push_back({name, defaultValueFor(el)});
    } else if (el.tag == GUMBO_TAG_TEXTAREA) {
      std::string text = textOf(node);
      form.fields.push_back({name, text.empty() ? "crashtest" : text});
    } else if (el.tag == GUMBO_TAG_SELECT) {
      std::string value;
      for (unsigned i = 0; i < el.children.length; ++i) {
        auto* child = static_cast<const GumboNode*>(el.children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_OPTION) {
          const char* v = attribute(child->v.element, "value");
          value = v ? v : textOf(child);
          break;
        }
      }
      form.fields.push_back({name, value});
    }
  }
  for (unsigned i = 0; i < el.children.length; ++i)
    collectFormFields(static_cast<const GumboNode*>(el.children.data[i]), form, depth + 1);
}

void walk(const GumboNode* node, HtmlLinks& out, int depth = 0) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  if (depth > kMaxDepth) return;
  const GumboElement& el = node->v.element;
  auto add = [&](std::vector<std::string>& list, const char* attr) {
    const char* v = attribute(el, attr);
    if (v && *v && list.size() < kMaxLinks) list.emplace_back(v);
  };
  switch (el.tag) {
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_EMBED:
      add(out.subresources, "src");
      break;
    case GUMBO_TAG_OBJECT:
      add(out.subresources, "data");
      break;
    case GUMBO_TAG_LINK:
      if (const char* rel = attribute(el, "rel");
          rel && (strcasestr(rel, "stylesheet") || strcasestr(rel, "icon") ||
                  strcasestr(rel, "preload") || strcasestr(rel, "manifest")))
        add(out.subresources, "href");
      break;
    case GUMBO_TAG_A:
    case GUMBO_TAG_AREA:
      add(out.hrefs, "href");
      break;
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
      add(out.hrefs, "src");
      add(out.subresources, "src");
      break;
    case GUMBO_TAG_SCRIPT:
      add(out.scripts, "src");
      add(out.subresources, "src");
      break;
    case GUMBO_TAG_BASE:
      if (const char* v = attribute(el, "href"); v && out.baseHref.empty()) out.baseHref = v;
      break;
    case GUMBO_TAG_TITLE:
      if (out.title.empty()) out.title = textOf(node);
      break;
    case GUMBO_TAG_FORM: {
      HtmlForm form;
      const char* action = attribute(el, "action");
      const char* method = attribute(el, "method");
      form.action = action ? action : "";
      form.method = method && strcasecmp(method, "post") == 0 ? "POST" : "GET";
      collectFormFields(node, form);
      if (out.forms.size() < 200) out.forms.push_back(std::move(form));
      break;
    }
    default:
      break;
  }
  for (unsigned i = 0; i < el.children.length; ++i)
    walk(static_cast<const GumboNode*>(el.children.data[i]), out, depth + 1);
}

bool isTagNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool isOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (name.size() == n.size() && strncasecmp(name.data(), n.data(), name.size()) == 0)
      return true;
  return false;
}

/// HTML elements that never hold children, or that the parser closes by itself when a sibling
/// starts: they do not deepen the tree however often they appear unclosed. Inside <svg> and
/// <math> none of this holds: there every unclosed tag nests.
bool isFlatInHtml(std::string_view name) {
  return isOneOf(name, {"area",  "base", "br",    "col",   "embed",  "hr",       "img",
                        "input", "link", "meta",  "param", "source", "track",    "wbr",
                        "p",     "li",   "dt",    "dd",    "option", "optgroup", "tr",
                        "td",    "th",   "tbody", "thead", "tfoot",  "colgroup", "caption",
                        "rb",    "rt",   "rp",    "html",  "head",   "body"});
}

/// Formatting elements outlive the element that closed around them: the parser reopens them
/// ("reconstructs the active formatting elements") at the next text.
bool isFormatting(std::string_view name) {
  return isOneOf(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                        "strong", "tt", "u"});
}

/// Elements an end tag cannot reach past: gumbo ignores `</div>` when a <table> opened inside
/// the div is still open ("has an element in scope").
bool isScopeBoundary(std::string_view name) {
  return isOneOf(name, {"table", "applet", "marquee", "object", "template", "foreignobject", "desc",
                        "title", "mi", "mo", "mn", "ms", "mtext", "annotation"});
}

/// Tags after which gumbo may be parsing HTML again inside <svg>/<math> (the foreign-content
/// breakout tags and the integration points).
bool mayLeaveForeignContent(std::string_view name) {
  return isScopeBoundary(name) ||
         isOneOf(name,
                 {"b",       "big",   "blockquote", "body",   "br",     "center", "code", "dd",
                  "div",     "dl",    "dt",         "em",     "embed",  "h1",     "h2",   "h3",
                  "h4",      "h5",    "h6",         "head",   "hr",     "i",      "img",  "li",
                  "listing", "menu",  "meta",       "nobr",   "ol",     "p",      "pre",  "ruby",
                  "s",       "small", "span",       "strong", "strike", "sub",    "sup",  "tt",
                  "u",       "ul",    "var",        "font"});
}

// gumbo's recursion and time grow with the depth of open elements (2 MiB of unclosed <b>: a
// stack overflow; misnested formatting elements: 40 s), while real pages rarely go past 50.
// A rough tag scan that may overcount but must never undercount what gumbo keeps open: an end
/// tag only closes an element it names and can reach, formatting elements stay counted until
/// their own end tag (gumbo reopens them), and inside <svg>/<math> nothing is assumed flat.
}  // namespace

std::size_t parseableHtmlLength(std::string_view html) {
  std::vector<std::string_view> open;  // what the scan counts as open, outermost first
  int foreignDepth = 0;                // open <svg>/<math> elements among them
  bool maybeHtmlInForeign = false;     // gumbo may be parsing HTML again inside them
  auto isForeignRoot = [](std::string_view n) { return isOneOf(n, {"svg", "math"}); };
  auto forget = [&](std::string_view n) {
    if (isForeignRoot(n) && --foreignDepth == 0) maybeHtmlInForeign = false;
  };
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.compare(at, 4, "<!--") == 0) {
      auto end = html.find("-->", at + 4);
      if (end == std::string_view::npos) break;
      at = end;
      continue;
    }
    bool closing = at + 1 < html.size() && html[at + 1] == '/';
    std::size_t start = at + (closing ? 2 : 1), end = start;
    while (end < html.size() && isTagNameChar(html[end])) ++end;
    if (end == start) continue;
    std::string_view name = html.substr(start, end - start);
    if (foreignDepth > 0 && (mayLeaveForeignContent(name))) maybeHtmlInForeign = true;
    if (closing) {
      auto match = std::find_if(open.rbegin(), open.rend(),
                                [&](std::string_view n) { return isOneOf(n, {name}); });
      if (match == open.rend()) continue;  // a stray end tag: gumbo ignores it
      auto matched = std::prev(match.base());
      if (std::any_of(std::next(matched), open.end(), isScopeBoundary)) continue;
      if (isFormatting(*matched)) {
        forget(*matched);
        open.erase(matched);
        continue;
      }
      std::vector<std::string_view> survivors;
      for (auto it = matched; it != open.end(); ++it) {
        if (it != matched && isFormatting(*it))
          survivors.push_back(*it);
        else
          forget(*it);
      }
      open.erase(matched, open.end());
      open.insert(open.end(), survivors.begin(), survivors.end());
      continue;
    }
    if (foreignDepth == 0 && isFlatInHtml(name)) continue;
    auto close = html.find('>', end);
    bool selfClosing = close != std::string_view::npos && close > end && html[close - 1] == '/';
    // In HTML `<div/>` opens a div; only foreign elements honour the slash.
    if (selfClosing && ((foreignDepth > 0 && !maybeHtmlInForeign) || isForeignRoot(name))) continue;
    if (open.size() == kMaxOpenHtmlElements) return at;
    open.push_back(name);
    if (isForeignRoot(name)) ++foreignDepth;
  }
  return html.size();
}

HtmlLinks extractLinks(std::string_view html) {
  HtmlLinks out;
  if (html.size() > kMaxHtml) html = html.substr(0, kMaxHtml);
  html = html.substr(0, parseableHtmlLength(html));
  // Each parse error record copies the stack of open elements: on deep hostile pages that is
  // gigabytes. The crawler never reads them.
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* doc = gumbo_parse_with_options(&options, html.data(), html.size());
  if (!doc) return out;
  walk(doc->root, out);
  gumbo_destroy_output(&options, doc);
  return out;
}

}  // namespace ctc::scanner
