#pragma once
/// Local $ref resolution and example values for JSON schemas of an OpenAPI document.
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <unordered_map>

#include "ctc/util/result.hpp"

namespace ctc::scanner::spec {

/// object[key] when it exists and has T's JSON type, else fallback (json::value throws on a
/// type mismatch, and a hostile description has any type anywhere).
template <typename T>
T valueOr(const nlohmann::json& object, const char* key, T fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if constexpr (std::is_same_v<T, std::string>) {
    return it->is_string() ? it->template get<std::string>() : fallback;
  } else if constexpr (std::is_same_v<T, bool>) {
    return it->is_boolean() ? it->template get<bool>() : fallback;
  } else {
    return it->is_number() ? it->template get<T>() : fallback;
  }
}

/// Follows local references ("#/components/schemas/User") in one document. Not thread-safe
/// (a cache); the document must outlive it.
class SpecRefs {
 public:
  explicit SpecRefs(const nlohmann::json& root) : root_(root) {}

  /// The node itself, or what its $ref chain ends at; null when a reference is not local, does
  /// not resolve, loops, or the chain is longer than 64.
  const nlohmann::json* resolve(const nlohmann::json& node) const;
  /// The target of one "$ref" string; null when it does not resolve.
  const nlohmann::json* target(const std::string& ref) const;

 private:
  const nlohmann::json& root_;
  mutable std::unordered_map<std::string, const nlohmann::json*> cache_;
};

/// Every "$ref" in the document is local and resolves. BadRequest names the reference and the
/// JSON pointer where it is.
Status checkReferences(const nlohmann::json& root, const SpecRefs& refs);

/// A value the schema accepts: example, examples[0], default, const, enum[0], else one made
/// from type and format (uuid, date-time, email, integer bounds, a pattern). forRequest leaves
/// readOnly members out. Cycles are cut and depth is capped: such members are left out.
nlohmann::json exampleFor(const nlohmann::json& schema, const SpecRefs& refs, bool forRequest);

/// The schema's type ("string", "integer", ...), after $ref, allOf and a type list; "" unknown.
std::string schemaType(const nlohmann::json& schema, const SpecRefs& refs);

/// A string matching a simple regular expression (classes, escapes, quantifiers); "" when the
/// pattern is beyond that or the result does not match.
std::string stringMatching(const std::string& pattern);

}  // namespace ctc::scanner::spec
