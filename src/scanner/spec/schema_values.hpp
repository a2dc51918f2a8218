#pragma once
/// Local $ref resolution and example values for JSON schemas of an OpenAPI document.
#include <cmath>
#include <cstddef>
#include <limits>
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
    if constexpr (std::is_integral_v<T>) {
      // A float out of T's range (minLength: 1e300) does not convert (undefined behaviour).
      if (it->is_number_float()) {
        double d = it->template get<double>();
        if (!(d >= static_cast<double>(std::numeric_limits<T>::min()) &&
              d < std::ldexp(1.0, std::numeric_limits<T>::digits)))
          return fallback;
      }
    }
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

/// The work the example values of one document may take, all exampleFor and schemaType calls
/// together, and the most one call takes. A unit is a schema visited, a value copied (from
/// example, default, enum) or kExampleBytesPerUnit bytes of a string. Schemas that reference one
/// another several times, level after level, would expand like a "billion laughs", and a schema or
/// example that every operation references multiplies.
constexpr std::size_t kMaxExampleWork = 2'000'000;
constexpr std::size_t kMaxExampleWorkPerCall = 4'000;
constexpr std::size_t kExampleBytesPerUnit = 16;

/// Distinct patterns stringMatching is asked for per document (it compiles each, 0.4 ms for a
/// long one); past them strings get no value from their pattern.
constexpr std::size_t kMaxExamplePatterns = 1'000;

/// What is left of kMaxExampleWork for one document, and the strings made for its patterns
/// (each pattern once).
struct ExampleBudget {
  std::size_t left = kMaxExampleWork;
  std::unordered_map<std::string, std::string> matching;
};

/// The work of copying `value` (see kMaxExampleWork), counted up to max + 1.
std::size_t copyCost(const nlohmann::json& value, std::size_t max);

/// A value the schema accepts: example, examples[0], default, const, enum[0], else one made
/// from type and format (uuid, date-time, email, integer bounds, a pattern). forRequest leaves
/// readOnly members out. Cycles are cut and depth and work are capped (kMaxExampleWorkPerCall,
/// and what is left of `budget`, which the call lowers): such members are left out.
nlohmann::json exampleFor(const nlohmann::json& schema, const SpecRefs& refs, bool forRequest,
                          ExampleBudget& budget);

/// The schema's type ("string", "integer", ...), after $ref, allOf and a type list; "" unknown.
/// Takes its work from `budget` like exampleFor.
std::string schemaType(const nlohmann::json& schema, const SpecRefs& refs, ExampleBudget& budget);

/// A string matching a simple regular expression (classes, escapes, quantifiers); "" when the
/// pattern is beyond that or the result does not match.
std::string stringMatching(const std::string& pattern);

}  // namespace ctc::scanner::spec
