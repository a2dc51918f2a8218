#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>

namespace ctc::storage {

/// A nullable TEXT column (getText() would turn NULL into "").
inline std::optional<std::string> optionalText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

}  // namespace ctc::storage
