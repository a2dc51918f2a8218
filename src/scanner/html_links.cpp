#include "ctc/scanner/html_links.hpp"

#include <gumbo.h>
#include <strings.h>

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

}  // namespace

HtmlLinks extractLinks(std::string_view html) {
  HtmlLinks out;
  if (html.size() > kMaxHtml) html = html.substr(0, kMaxHtml);
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!doc) return out;
  walk(doc->root, out);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return out;
}

}  // namespace ctc::scanner
