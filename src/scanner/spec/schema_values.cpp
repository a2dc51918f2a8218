#include "schema_values.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "spec_readers.hpp"

namespace ctc::scanner::spec {
namespace {

using nlohmann::json;

constexpr int kMaxRefChain = 64;
constexpr int kMaxExampleDepth = 12;
constexpr std::size_t kMaxMembers = 64;

/// "#/components/schemas/A~1B" -> a JSON pointer; nullopt when not a local reference.
std::optional<json::json_pointer> localPointer(const std::string& ref) {
  if (ref.empty() || ref[0] != '#') return std::nullopt;
  try {
    return json::json_pointer(ref.substr(1));
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string pointerText(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += "/" + pointerToken(p);
  return out.empty() ? "/" : out;
}

Status checkNode(const json& node, const SpecRefs& refs, std::vector<std::string>& path) {
  if (node.is_object()) {
    if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
      std::string text = ref->get<std::string>();
      std::string where = pointerText(path) + "/$ref";
      if (text.empty() || text[0] != '#')
        return Error::badRequest("$ref '" + text.substr(0, 200) + "' at " + where +
                                 " points outside this file; bundle the description into one "
                                 "file (remote and file references are not fetched)");
      if (!refs.target(text))
        return Error::badRequest("$ref '" + text.substr(0, 200) + "' at " + where +
                                 " does not resolve");
    }
    for (const auto& [k, v] : node.items()) {
      if (!v.is_structured()) continue;
      path.push_back(k);
      if (auto s = checkNode(v, refs, path); !s) return s;
      path.pop_back();
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (!node[i].is_structured()) continue;
      path.push_back(std::to_string(i));
      if (auto s = checkNode(node[i], refs, path); !s) return s;
      path.pop_back();
    }
  }
  return okStatus();
}

/// A string member without copying it (a shared schema is visited again and again); "" else.
std::string_view stringAt(const json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                               : std::string_view();
}

std::string stringFor(const json& schema, ExampleBudget& budget) {
  std::string_view format = stringAt(schema, "format");
  if (format == "uuid") return "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  if (format == "date-time") return "2024-01-01T12:00:00Z";
  if (format == "date") return "2024-01-01";
  if (format == "time") return "12:00:00";
  if (format == "email") return "scanner@example.com";
  if (format == "uri" || format == "url" || format == "uri-reference")
    return "https://example.com/";
  if (format == "hostname") return "example.com";
  if (format == "ipv4") return "192.0.2.10";
  if (format == "ipv6") return "2001:db8::10";
  if (format == "byte") return "dGVzdA==";
  if (format == "password") return "Passw0rd!";
  std::string value = "test";
  // stringMatching takes patterns of up to 200 characters and compiles each: once a document.
  if (std::string_view pattern = stringAt(schema, "pattern");
      !pattern.empty() && pattern.size() <= 200) {
    auto m = budget.matching.find(std::string(pattern));
    if (m == budget.matching.end() && budget.matching.size() < kMaxExamplePatterns)
      m = budget.matching.emplace(pattern, stringMatching(std::string(pattern))).first;
    if (m != budget.matching.end() && !m->second.empty()) value = m->second;
  }
  auto minLength = valueOr<long long>(schema, "minLength", 0);
  auto maxLength = valueOr<long long>(schema, "maxLength", 0);
  if (minLength > 0 && static_cast<long long>(value.size()) < minLength && minLength <= 4096)
    value.append(static_cast<std::size_t>(minLength) - value.size(), 'a');
  if (maxLength > 0 && static_cast<long long>(value.size()) > maxLength)
    value.resize(static_cast<std::size_t>(maxLength));
  return value;
}

json numberFor(const json& schema, bool integer) {
  auto number = [](const json& v) { return v.is_number() ? v.get<double>() : 0.0; };
  bool hasMin = schema.contains("minimum") && schema["minimum"].is_number();
  bool hasMax = schema.contains("maximum") && schema["maximum"].is_number();
  double value = 1;
  if (hasMin) {
    value = number(schema["minimum"]);
    if (valueOr(schema, "exclusiveMinimum", false)) value += 1;
  } else if (hasMax && number(schema["maximum"]) < 1) {
    value = number(schema["maximum"]) - (valueOr(schema, "exclusiveMaximum", false) ? 1 : 0);
  }
  // Out of long long's range (minimum: 1e300) the conversion is undefined: take the nearest.
  if (integer) return static_cast<long long>(std::clamp(value, -9.2e18, 9.2e18));
  return value;
}

class ExampleMaker {
 public:
  ExampleMaker(const SpecRefs& refs, bool forRequest, ExampleBudget& budget)
      : refs_(refs),
        forRequest_(forRequest),
        budget_(budget),
        left_(std::min(budget.left, kMaxExampleWorkPerCall)),
        start_(left_) {}
  ~ExampleMaker() { budget_.left -= start_ - left_; }

  json make(const json& node, int depth) {
    if (depth > kMaxExampleDepth || !spend(1)) return nullptr;
    const json* resolved = follow(node);
    if (!resolved || !resolved->is_object()) return nullptr;
    const json& s = *resolved;
    if (!active_.insert(resolved).second) return nullptr;  // a cycle: cut here
    json out = build(s, depth);
    active_.erase(resolved);
    return out;
  }

  std::string typeOf(const json& node, int depth = 0) {
    if (depth > kMaxExampleDepth || !spend(1)) return "";
    const json* s = follow(node);
    if (!s || !s->is_object()) return "";
    // Type names are short: a longer string is no type we know (and not copied again and again).
    auto known = [](const json& t) {
      return t.is_string() && t.get_ref<const std::string&>().size() <= 16;
    };
    if (auto t = s->find("type"); t != s->end()) {
      if (known(*t)) return t->get<std::string>();
      if (t->is_array() && spend(t->size()))
        for (const auto& e : *t)
          if (known(e) && e != "null") return e.get<std::string>();
    }
    for (const char* combinator : {"allOf", "oneOf", "anyOf"})
      if (auto c = s->find(combinator); c != s->end() && c->is_array())
        for (const auto& sub : *c)
          if (auto t = typeOf(sub, depth + 1); !t.empty()) return t;
    if (s->contains("properties")) return "object";
    if (s->contains("items")) return "array";
    return "";
  }

 private:
  const json* follow(const json& node) const { return refs_.resolve(node); }

  /// Takes n units of work; false, and none left, when fewer than n remain.
  bool spend(std::size_t n) {
    if (n > left_) {
      left_ = 0;
      return false;
    }
    left_ -= n;
    return true;
  }

  /// A value of the document, when its copy fits the work left.
  json copied(const json& value) { return spend(copyCost(value, left_)) ? value : json(); }

  json build(const json& s, int depth) {
    for (const char* literal : {"example", "default", "const"})
      if (auto e = s.find(literal); e != s.end() && !e->is_null()) return copied(*e);
    if (auto e = s.find("examples"); e != s.end() && e->is_array() && !e->empty())
      return copied(e->front());
    if (auto e = s.find("enum"); e != s.end() && e->is_array() && !e->empty())
      return copied(e->front());
    if (auto all = s.find("allOf"); all != s.end() && all->is_array()) {
      json merged;
      for (const auto& sub : *all) {
        json part = make(sub, depth + 1);
        if (part.is_object() && (merged.is_object() || merged.is_null())) {
          if (merged.is_null()) merged = json::object();
          for (auto& [k, v] : part.items()) merged[k] = v;
        } else if (!part.is_null()) {
          merged = part;
        }
      }
      if (s.contains("properties")) {
        json own = objectFor(s, depth);
        if (merged.is_null()) merged = json::object();
        if (merged.is_object())
          for (auto& [k, v] : own.items()) merged[k] = v;
      }
      return merged;
    }
    for (const char* choice : {"oneOf", "anyOf"})
      if (auto c = s.find(choice); c != s.end() && c->is_array())
        for (const auto& sub : *c)
          if (json v = make(sub, depth + 1); !v.is_null()) return v;
    std::string type = typeOf(s);
    if (type == "string") {
      std::string value = stringFor(s, budget_);
      return spend(value.size() / kExampleBytesPerUnit) ? json(std::move(value)) : json();
    }
    if (type == "integer") return numberFor(s, true);
    if (type == "number") return numberFor(s, false);
    if (type == "boolean") return false;
    if (type == "array") {
      json arr = json::array();
      if (auto items = s.find("items"); items != s.end()) {
        json item = make(*items, depth + 1);
        if (!item.is_null()) arr.push_back(std::move(item));
      }
      return arr;
    }
    if (type == "object") return objectFor(s, depth);
    return nullptr;
  }

  json objectFor(const json& s, int depth) {
    json obj = json::object();
    auto props = s.find("properties");
    if (props == s.end() || !props->is_object()) return obj;
    for (const auto& [name, prop] : props->items()) {
      if (obj.size() >= kMaxMembers || !spend(1)) break;
      const json* p = follow(prop);
      if (p && p->is_object() && forRequest_ && valueOr(*p, "readOnly", false)) continue;
      json v = make(prop, depth + 1);
      if (!v.is_null()) obj[name] = std::move(v);
    }
    return obj;
  }

  const SpecRefs& refs_;
  bool forRequest_;
  ExampleBudget& budget_;
  std::size_t left_, start_;
  std::set<const json*> active_;
};

void addCopyCost(const json& value, std::size_t max, std::size_t& cost) {
  cost += 1 + (value.is_string() ? value.get_ref<const std::string&>().size() / kExampleBytesPerUnit
                                 : 0);
  if (value.is_object()) {
    for (const auto& [k, v] : value.items()) {
      if (cost > max) return;
      cost += k.size() / kExampleBytesPerUnit;
      addCopyCost(v, max, cost);
    }
  } else if (value.is_array()) {
    for (const auto& v : value) {
      if (cost > max) return;
      addCopyCost(v, max, cost);
    }
  }
}

}  // namespace

const json* SpecRefs::target(const std::string& ref) const {
  if (auto hit = cache_.find(ref); hit != cache_.end()) return hit->second;
  const json* found = nullptr;
  if (auto pointer = localPointer(ref)) {
    try {
      if (root_.contains(*pointer)) found = &root_.at(*pointer);
    } catch (const json::exception&) {
    }
  }
  if (cache_.size() < 100000) cache_.emplace(ref, found);
  return found;
}

const json* SpecRefs::resolve(const json& node) const {
  const json* at = &node;
  for (int hops = 0; hops <= kMaxRefChain; ++hops) {
    if (!at->is_object()) return at;
    auto ref = at->find("$ref");
    if (ref == at->end() || !ref->is_string()) return at;
    at = target(ref->get<std::string>());
    if (!at) return nullptr;
  }
  return nullptr;
}

Status checkReferences(const json& root, const SpecRefs& refs) {
  // Depth first with the path as one stack (a copy of it per pending node took gigabytes for a
  // wide, deep document). Recursive: the document's depth is capped at parse time.
  std::vector<std::string> path;
  return checkNode(root, refs, path);
}

std::size_t copyCost(const json& value, std::size_t max) {
  // Recursive: documents are at most kMaxSpecDepth deep.
  std::size_t cost = 0;
  addCopyCost(value, max, cost);
  return cost;
}

json exampleFor(const json& schema, const SpecRefs& refs, bool forRequest, ExampleBudget& budget) {
  return ExampleMaker(refs, forRequest, budget).make(schema, 0);
}

std::string schemaType(const json& schema, const SpecRefs& refs, ExampleBudget& budget) {
  return ExampleMaker(refs, true, budget).typeOf(schema);
}

std::string stringMatching(const std::string& pattern) {
  if (pattern.size() > 200) return "";
  std::string out;
  std::size_t i = 0;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  while (i < pattern.size()) {
    char c = pattern[i];
    std::string unit;  // one character standing for the atom
    if (c == '$' && i + 1 == pattern.size()) break;
    if (c == '(' || c == ')' || c == '|') return "";  // groups and alternatives: beyond us
    if (c == '\\' && i + 1 < pattern.size()) {
      char e = pattern[i + 1];
      unit = e == 'd' ? "1" : e == 'w' ? "a" : e == 's' ? " " : std::string(1, e);
      if (e == 'D' || e == 'W' || e == 'S' || e == 'b' || e == 'B') return "";
      i += 2;
    } else if (c == '[') {
      auto close = pattern.find(']', i + 1);
      if (close == std::string::npos || close == i + 1) return "";
      std::string cls = pattern.substr(i + 1, close - i - 1);
      if (cls[0] == '^') return "";
      if (cls[0] == '\\' && cls.size() > 1)
        unit = cls[1] == 'd' ? "1" : cls[1] == 'w' ? "a" : std::string(1, cls[1]);
      else
        unit = std::string(1, cls[0]);
      i = close + 1;
    } else if (c == '.') {
      unit = "a";
      ++i;
    } else if (std::string("*+?{").find(c) != std::string::npos) {
      return "";
    } else {
      unit = std::string(1, c);
      ++i;
    }
    int times = 1;
    if (i < pattern.size()) {
      char q = pattern[i];
      if (q == '*' || q == '?' || q == '+') {
        ++i;  // one occurrence satisfies all three
      } else if (q == '{') {
        auto close = pattern.find('}', i);
        if (close == std::string::npos) return "";
        try {
          times = std::stoi(pattern.substr(i + 1, close - i - 1));
        } catch (const std::exception&) {
          return "";
        }
        if (times < 0 || times > 256) return "";
        i = close + 1;
      }
    }
    for (int t = 0; t < times; ++t) out += unit;
    if (out.size() > 1024) return "";
  }
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok() || !RE2::PartialMatch(out, re)) return "";
  return out;
}

}  // namespace ctc::scanner::spec
