#pragma once
/// A JSON or YAML text as one JSON value, with errors that say where.
#include <nlohmann/json.hpp>
#include <string_view>

#include "ctc/util/result.hpp"

namespace ctc::scanner {

/// Nesting deeper than this is refused (no description needs it; a hostile one would exhaust
/// the stack of everything that walks it).
constexpr int kMaxSpecDepth = 128;
/// Values a YAML document may expand to through aliases ("billion laughs" is refused).
constexpr std::size_t kMaxSpecNodes = 1'000'000;

/// JSON when the first non-blank character is '{' or '[', else YAML 1.2 (plain scalars typed
/// as the core schema says; quoted ones stay strings; mapping keys become strings). One
/// document only. Errors: BadRequest "line L, column C: why".
Result<nlohmann::json> parseSpecDocument(std::string_view text);

}  // namespace ctc::scanner
