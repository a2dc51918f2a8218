#include "ctc/scanner/spec/spec_document.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace ctc::scanner {
namespace {

using nlohmann::json;

struct DocumentError {
  int line = 0, column = 0;  // 1-based; 0: unknown
  std::string why;
};

std::string where(int line, int column) {
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// Line and column (1-based) of a byte offset.
std::pair<int, int> lineColumnAt(std::string_view text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

Result<json> parseJson(std::string_view text) {
  try {
    json::parser_callback_t depthGuard = [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxSpecDepth)
        throw DocumentError{0, 0,
                            "nested deeper than " + std::to_string(kMaxSpecDepth) + " levels"};
      return true;
    };
    return json::parse(text.begin(), text.end(), depthGuard);
  } catch (const json::parse_error& e) {
    auto [line, column] = lineColumnAt(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string why = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while
    // parsing value - invalid literal; last read: 'x'": keep what follows the location.
    if (auto colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
    return Error::badRequest("not valid JSON: " + where(line, column) + ": " + why);
  } catch (const DocumentError& e) {
    return Error::badRequest("not valid JSON: " + e.why);
  } catch (const json::exception& e) {
    return Error::badRequest("not valid JSON: " + std::string(e.what()));
  }
}

/// Plain scalars typed as YAML 1.2's core schema says (plus the 1.1 spellings OpenAPI files use).
json plainScalar(const std::string& v) {
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return nullptr;
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  const char* s = v.c_str();
  char* end = nullptr;
  bool digitsOnly = v.find_first_not_of("+-0123456789") == std::string::npos &&
                    v.find_first_of("0123456789") != std::string::npos &&
                    v.find_first_of("+-", 1) == std::string::npos;
  if (digitsOnly) {
    errno = 0;
    long long n = std::strtoll(s, &end, 10);
    if (errno == 0 && *end == '\0') return n;
    return v;  // too big for a 64-bit integer: keep the text
  }
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'o') &&
      v.find_first_not_of(v[1] == 'x' ? "0123456789abcdefABCDEF" : "01234567", 2) ==
          std::string::npos) {
    errno = 0;
    long long n = std::strtoll(s + 2, &end, v[1] == 'x' ? 16 : 8);
    if (errno == 0 && *end == '\0') return n;
    return v;
  }
  bool numberLike = v.find_first_not_of("+-0123456789.eE") == std::string::npos &&
                    v.find_first_of("0123456789") != std::string::npos;
  if (numberLike) {
    errno = 0;
    double d = std::strtod(s, &end);
    if (errno == 0 && *end == '\0') return d;
  }
  return v;
}

/// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). yaml-cpp
/// passes bytes through as they are and encodes "\uD800" as a surrogate; nlohmann::json takes
/// such strings but throws when it dumps them (the request plan dumps every body).
bool validUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80             ? 0
                    : (c & 0xE0) == 0xC0 ? 1
                    : (c & 0xF0) == 0xE0 ? 2
                    : (c & 0xF8) == 0xF0 ? 3
                                         : 4;
    if (n == 4 || s.size() - i <= n) return false;
    std::uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

json typedScalar(const std::string& tag, const std::string& value) {
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return value;  // quoted, or !!str
  return plainScalar(value);
}

/// Builds the JSON value from the parser's events: yaml-cpp's node API would share aliased
/// nodes, and a copy of them could expand without bound.
class JsonBuilder : public YAML::EventHandler {
 public:
  json root;
  bool done = false;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override { done = true; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    complete(mark, nullptr, anchor, 1);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw DocumentError{mark.line + 1, mark.column + 1, "unknown alias"};
    count(mark, it->second.second);  // before the copy: refusing must be cheap
    complete(mark, it->second.first, 0, 0, it->second.second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (!validUtf8(value)) throw DocumentError{mark.line + 1, mark.column + 1, "not valid UTF-8"};
    complete(mark, typedScalar(tag, value), anchor, 1);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, json::array(), anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, json::object(), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    json value;
    YAML::anchor_t anchor;
    std::size_t nodesAtStart;
    YAML::Mark mark;
    bool haveKey = false;
    std::string key;
  };

  void count(const YAML::Mark& mark, std::size_t n) {
    nodes_ += n;
    if (nodes_ > kMaxSpecNodes)
      throw DocumentError{mark.line + 1, mark.column + 1,
                          "the document expands to more than " + std::to_string(kMaxSpecNodes) +
                              " values (aliases of aliases?)"};
  }

  void open(const YAML::Mark& mark, json value, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= kMaxSpecDepth)
      throw DocumentError{mark.line + 1, mark.column + 1,
                          "nested deeper than " + std::to_string(kMaxSpecDepth) + " levels"};
    count(mark, 1);
    stack_.push_back({std::move(value), anchor, nodes_, mark, false, {}});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    complete(frame.mark, std::move(frame.value), frame.anchor, 0, nodes_ - frame.nodesAtStart + 1);
  }

  /// newNodes: values this one adds to the count; size: values it holds (for its anchor).
  void complete(const YAML::Mark& mark, json value, YAML::anchor_t anchor, std::size_t newNodes,
                std::size_t size = 0) {
    count(mark, newNodes);
    if (size == 0) size = std::max<std::size_t>(newNodes, 1);
    if (anchor) anchors_[anchor] = {value, size};
    if (stack_.empty()) {
      root = std::move(value);
      return;
    }
    Frame& top = stack_.back();
    if (top.value.is_array()) {
      top.value.push_back(std::move(value));
    } else if (!top.haveKey) {
      top.key = value.is_string() ? value.get<std::string>() : value.dump();
      top.haveKey = true;
    } else {
      top.haveKey = false;
      if (top.key == "<<") {  // a merge key: members the mapping does not set itself
        merge(top.value, value);
      } else {
        top.value[top.key] = std::move(value);
      }
    }
  }

  static void merge(json& into, const json& from) {
    if (from.is_array()) {
      for (const auto& m : from) merge(into, m);
    } else if (from.is_object()) {
      for (const auto& [k, v] : from.items())
        if (!into.contains(k)) into[k] = v;
    }
  }

  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::pair<json, std::size_t>> anchors_;
  std::size_t nodes_ = 0;
};

Result<json> parseYaml(std::string_view text) {
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    JsonBuilder builder;
    if (!parser.HandleNextDocument(builder))
      return Error::badRequest("not valid YAML or JSON: the document is empty");
    JsonBuilder second;
    if (parser.HandleNextDocument(second))
      return Error::badRequest("not valid YAML: more than one document (one '---' section only)");
    return std::move(builder.root);
  } catch (const YAML::Exception& e) {
    return Error::badRequest("not valid YAML: " + where(e.mark.line + 1, e.mark.column + 1) + ": " +
                             e.msg);
  } catch (const DocumentError& e) {
    return Error::badRequest("not valid YAML: " + where(e.line, e.column) + ": " + e.why);
  } catch (const std::exception& e) {
    return Error::badRequest("not valid YAML: " + std::string(e.what()));
  }
}

}  // namespace

Result<json> parseSpecDocument(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Error::badRequest("the document is empty");
  if (text[first] != '{' && text[first] != '[') return parseYaml(text);
  auto json = parseJson(text);
  if (json) return json;
  // A YAML flow mapping ({openapi: 3.0.0, ...}) also starts with '{'; a quoted first key or a
  // '[' says JSON, and then JSON's error is the one that helps (YAML would take `"a": }`).
  auto next = text.find_first_not_of(" \t\r\n", first + 1);
  bool quotedKey = next != std::string_view::npos && text[next] == '"';
  if (text[first] == '{' && !quotedKey)
    if (auto yaml = parseYaml(text)) return yaml;
  return json;
}

}  // namespace ctc::scanner
