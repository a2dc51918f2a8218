#include "ctc/scanner/html_links.hpp"

#include <gumbo.h>
#include <strings.h>

#include <algorithm>
#include <cctype>

namespace ctc::scanner {
namespace {

constexpr std::size_t kMaxHtml = 2u << 20;
constexpr std::size_t kMaxLinks = 2000;
// Hostile pages nest tags 100k deep; recursion stops here instead of exhausting the stack.
constexpr int kMaxDepth = 400;

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
      form.fields.push_back({name, "crashtest"});
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
    case GUMBO_TAG_A:
    case GUMBO_TAG_AREA:
      add(out.hrefs, "href");
      break;
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
      add(out.hrefs, "src");
      break;
    case GUMBO_TAG_SCRIPT:
      add(out.scripts, "src");
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

/// Elements that never hold children, or that the parser closes by itself when a sibling
/// starts: they do not deepen the tree however often they appear unclosed.
bool opensLevel(std::string_view name) {
  static constexpr std::string_view kFlat[] = {
      "area",    "base",     "br",     "col",   "embed", "hr",    "img",   "input", "link",
      "meta",    "param",    "source", "track", "wbr",   "p",     "li",    "dt",    "dd",
      "option",  "optgroup", "tr",     "td",    "th",    "tbody", "thead", "tfoot", "colgroup",
      "caption", "rb",       "rt",     "rp",    "html",  "head",  "body"};
  for (auto flat : kFlat)
    if (name.size() == flat.size() && strncasecmp(name.data(), flat.data(), name.size()) == 0)
      return false;
  return true;
}

/// Where to cut a document so that no more than kMaxOpenElements elements are open at once.
/// gumbo's time and memory grow with the square of that depth (60 KB of unclosed <b> or
/// <div>: 14 s and 3.2 GB), so a hostile page could exhaust the server; 256 levels cost
/// milliseconds and real pages rarely go past 50. A rough tag scan is enough for a bound.
std::size_t boundedLength(std::string_view html) {
  constexpr int kMaxOpenElements = 256;
  int depth = 0;
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
    if (end == start || !opensLevel(html.substr(start, end - start))) continue;
    auto close = html.find('>', end);
    bool selfClosing = close != std::string_view::npos && close > end && html[close - 1] == '/';
    if (closing)
      depth = std::max(0, depth - 1);
    else if (!selfClosing && ++depth > kMaxOpenElements)
      return at;
  }
  return html.size();
}

}  // namespace

HtmlLinks extractLinks(std::string_view html) {
  HtmlLinks out;
  if (html.size() > kMaxHtml) html = html.substr(0, kMaxHtml);
  html = html.substr(0, boundedLength(html));
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!doc) return out;
  walk(doc->root, out);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return out;
}

}  // namespace ctc::scanner
