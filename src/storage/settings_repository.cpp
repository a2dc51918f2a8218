#include "ctc/storage/settings_repository.hpp"

namespace ctc::storage {

std::optional<std::string> findSetting(storage::Connection& db, const std::string& name) {
  SQLite::Statement q(db, "SELECT value FROM settings WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) return std::nullopt;
  const SQLite::Column value = q.getColumn(0);
  return std::string(static_cast<const char*>(value.getBlob()),
                     static_cast<std::size_t>(value.getBytes()));
}

void putSetting(storage::Connection& db, const std::string& name, const std::string& value) {
  SQLite::Statement q(db,
                      "INSERT INTO settings(name, value) VALUES (?, ?) "
                      "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
  q.bind(1, name);
  q.bind(2, value.data(), static_cast<int>(value.size()));
  q.exec();
}

}  // namespace ctc::storage
