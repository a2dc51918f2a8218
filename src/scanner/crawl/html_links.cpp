#include "ctc/scanner/crawl/html_links.hpp"

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
constexpr int kMaxDepth = BoundedHtml::kMaxDepth;

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
      const char* typeAttr = attribute(el, "type");
      std::string type = typeAttr && *typeAttr ? typeAttr : "text";
      for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const char* value = attribute(el, "value");
      if (type == "submit" || type == "image")
        form.buttons.push_back({name, value ? value : "", type});
      else if (type != "button" && type != "file" && type != "reset")
        form.fields.push_back({name, defaultValueFor(el), type});
    } else if (el.tag == GUMBO_TAG_BUTTON) {
      const char* type = attribute(el, "type");
      const char* value = attribute(el, "value");
      if (!type || strcasecmp(type, "submit") == 0)
        form.buttons.push_back({name, value ? value : textOf(node), "submit"});
    } else if (el.tag == GUMBO_TAG_TEXTAREA) {
      std::string text = textOf(node);
      form.fields.push_back({name, text.empty() ? "crashtest" : text, "textarea"});
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
      form.fields.push_back({name, value, "select"});
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

bool isOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (name.size() == n.size() && strncasecmp(name.data(), n.data(), name.size()) == 0)
      return true;
  return false;
}

/// HTML elements that never hold children, or that the parser closes by itself when a sibling
/// starts: they do not deepen the tree however often they appear unclosed (not <rb>/<rt>/<rp>:
/// those close each other only inside <ruby>). Inside <svg> and
/// <math> none of this holds: there every unclosed tag nests.
bool isFlatInHtml(std::string_view name) {
  return isOneOf(name, {"area",  "base",  "br",       "col",      "embed", "hr",   "img", "input",
                        "link",  "meta",  "param",    "source",   "track", "wbr",  "p",   "li",
                        "dt",    "dd",    "option",   "optgroup", "tr",    "td",   "th",  "tbody",
                        "thead", "tfoot", "colgroup", "caption",  "html",  "head", "body"});
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

namespace {

bool isHtmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/// One piece of markup as the HTML tokenizer reads it, from a '<' to past its end.
struct Markup {
  enum Kind { Text, StartTag, EndTag, Other } kind = Text;
  std::string_view name;  ///< tag name, as written (compared without case)
  bool selfClosing = false;
  std::size_t next = 0;  ///< where scanning continues
};

/// Reads the markup at html[at] == '<': tag names run to a space, '/' or '>' (so "<b<!-->" is
/// one tag named "b<!--"), quoted attribute values may hold '<' and '>', comments end at
/// "-->", "--!>" or right away ("<!-->"), and a tag cut off by the end of input is dropped.
Markup readMarkup(std::string_view html, std::size_t at) {
  const std::size_t n = html.size();
  auto after = [&](std::size_t from, std::string_view what) {
    auto found = html.find(what, from);
    return found == std::string_view::npos ? n : found + what.size();
  };
  Markup m;
  m.next = at + 1;
  if (at + 1 >= n) return m;
  char c = html[at + 1];
  if (html.compare(at, 4, "<!--") == 0) {
    m.kind = Markup::Other;
    if (html.compare(at + 4, 1, ">") == 0) {
      m.next = at + 5;
    } else if (html.compare(at + 4, 2, "->") == 0) {
      m.next = at + 6;
    } else {
      m.next = std::min(after(at + 4, "-->"), after(at + 4, "--!>"));
    }
    return m;
  }
  if (c == '!' || c == '?') {  // doctype, CDATA, processing instruction: up to '>'
    m.kind = Markup::Other;
    m.next = after(at + 2, ">");
    return m;
  }
  bool closing = c == '/';
  std::size_t start = at + (closing ? 2 : 1);
  if (start >= n) return m;
  if (!std::isalpha(static_cast<unsigned char>(html[start]))) {
    if (!closing) return m;  // "<3": text
    m.kind = Markup::Other;  // "</>" or "</ x>": dropped up to '>'
    m.next = after(start, ">");
    return m;
  }
  std::size_t i = start;
  while (i < n && !isHtmlSpace(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  m.name = html.substr(start, i - start);
  while (i < n) {  // attributes
    char ch = html[i];
    if (isHtmlSpace(ch)) {
      ++i;
    } else if (ch == '>') {
      m.kind = closing ? Markup::EndTag : Markup::StartTag;
      m.next = i + 1;
      return m;
    } else if (ch == '/') {
      m.selfClosing = i + 1 < n && html[i + 1] == '>';
      ++i;
    } else {
      m.selfClosing = false;
      ++i;  // the name's first character may be '='
      while (i < n && !isHtmlSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=')
        ++i;
      while (i < n && isHtmlSpace(html[i])) ++i;
      if (i < n && html[i] == '=') {
        ++i;
        while (i < n && isHtmlSpace(html[i])) ++i;
        if (i < n && (html[i] == '"' || html[i] == '\'')) {
          auto quote = html.find(html[i], i + 1);
          i = quote == std::string_view::npos ? n : quote + 1;
        } else {
          while (i < n && !isHtmlSpace(html[i]) && html[i] != '>') ++i;
        }
      }
    }
  }
  m.kind = Markup::Other;  // the input ended inside the tag: the tokenizer drops it
  m.next = n;
  return m;
}

}  // namespace

namespace {

/// Elements whose content the tokenizer reads as text in HTML (RAWTEXT, RCDATA, script data).
bool isRawTextElement(std::string_view name) {
  return isOneOf(name,
                 {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"});
}

/// Where the content of a raw-text element `name` that starts at `from` ends: at its end tag,
/// which gumbo cannot see later than this (script data's escapes only postpone it).
std::size_t endOfRawText(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t at = html.find("</", from); at != std::string_view::npos;
       at = html.find("</", at + 2)) {
    std::size_t after = at + 2 + name.size();
    if (after <= html.size() && isOneOf(html.substr(at + 2, name.size()), {name}) &&
        (after == html.size() || isHtmlSpace(html[after]) || html[after] == '/' ||
         html[after] == '>'))
      return at;
  }
  return html.size();
}

}  // namespace

std::size_t parseableHtmlLength(std::string_view html) {
  std::vector<std::string_view> open;  // what the scan counts as open, outermost first
  int foreignDepth = 0;                // open <svg>/<math> elements among them
  // Once a breakout tag or an integration point appears inside <svg>/<math>, gumbo may be
  // parsing HTML, foreign content or raw text there: until the <svg>/<math> closes, the scan
  // counts every start tag and trusts no comment, quote, raw text, slash or end tag but
  // </svg> and </math>.
  bool paranoid = false;
  auto isForeignRoot = [](std::string_view n) { return isOneOf(n, {"svg", "math"}); };
  auto forget = [&](std::string_view n) {
    if (isForeignRoot(n) && --foreignDepth == 0) paranoid = false;
  };
  std::size_t at = html.find('<');
  while (at != std::string_view::npos && at < html.size()) {
    std::size_t tagStart = at;
    Markup m;
    if (paranoid) {
      bool closing = html.compare(at, 2, "</") == 0;
      std::size_t start = at + (closing ? 2 : 1), i = start;
      while (i < html.size() && !isHtmlSpace(html[i]) && html[i] != '/' && html[i] != '>') ++i;
      m.name = html.substr(start, i - start);
      bool letter = start < html.size() && std::isalpha(static_cast<unsigned char>(html[start]));
      m.kind = !letter ? Markup::Text : closing ? Markup::EndTag : Markup::StartTag;
      m.next = at + 1;
    } else {
      m = readMarkup(html, at);
    }
    at = m.next < html.size() ? html.find('<', m.next) : std::string_view::npos;
    if (m.kind != Markup::StartTag && m.kind != Markup::EndTag) continue;
    std::string_view name = m.name;
    if (foreignDepth > 0 && mayLeaveForeignContent(name)) paranoid = true;
    if (m.kind == Markup::EndTag) {
      if (paranoid && !isForeignRoot(name)) continue;
      auto match = std::find_if(open.rbegin(), open.rend(),
                                [&](std::string_view n) { return isOneOf(n, {name}); });
      if (match == open.rend()) continue;  // a stray end tag: gumbo ignores it
      auto matched = std::prev(match.base());
      if (!paranoid && std::any_of(std::next(matched), open.end(), isScopeBoundary)) continue;
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
    if (foreignDepth == 0) {
      if (isOneOf(name, {"plaintext"})) break;  // the rest of the document is text
      if (isRawTextElement(name)) {
        std::size_t end = endOfRawText(html, m.next, name);
        at = end < html.size() ? end : std::string_view::npos;
        continue;
      }
      if (isFlatInHtml(name)) continue;
    }
    // In HTML `<div/>` opens a div; only foreign elements honour the slash.
    if (!paranoid && m.selfClosing && (foreignDepth > 0 || isForeignRoot(name))) continue;
    if (open.size() == kMaxOpenHtmlElements) return tagStart;
    open.push_back(name);
    if (isForeignRoot(name)) ++foreignDepth;
  }
  return html.size();
}

BoundedHtml::BoundedHtml(std::string_view html) : options_(kGumboDefaultOptions) {
  if (html.size() > kMaxHtml) html = html.substr(0, kMaxHtml);
  html = html.substr(0, parseableHtmlLength(html));
  options_.max_errors = 0;
  doc_ = gumbo_parse_with_options(&options_, html.data(), html.size());
}

BoundedHtml::~BoundedHtml() {
  if (doc_) gumbo_destroy_output(&options_, doc_);
}

void BoundedHtml::forEachNode(const std::function<void(const GumboNode&)>& visit) const {
  if (!root()) return;
  std::vector<std::pair<const GumboNode*, int>> todo{{root(), 0}};
  while (!todo.empty()) {
    auto [node, depth] = todo.back();
    todo.pop_back();
    visit(*node);
    if ((node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) ||
        depth >= kMaxDepth)
      continue;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i-- > 0;)  // reversed: visited in document order
      todo.push_back({static_cast<const GumboNode*>(children.data[i]), depth + 1});
  }
}

HtmlLinks extractLinks(std::string_view html) {
  HtmlLinks out;
  BoundedHtml doc(html);
  if (doc.root()) walk(doc.root(), out);
  return out;
}

}  // namespace ctc::scanner
