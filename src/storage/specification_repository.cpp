#include "ctc/storage/specification_repository.hpp"

#include <nlohmann/json.hpp>

#include "ctc/util/clock.hpp"

namespace ctc::storage {
namespace {

constexpr const char* kColumns =
    "id, target_id, name, type, source, servers, operations, created_at";

Specification fromRow(SQLite::Statement& q, bool withDocument) {
  Specification s;
  s.id = q.getColumn(0).getInt64();
  s.targetId = q.getColumn(1).getInt64();
  s.name = q.getColumn(2).getString();
  s.type = q.getColumn(3).getString();
  s.source = q.getColumn(4).getString();
  auto servers = nlohmann::json::parse(q.getColumn(5).getString(), nullptr, false);
  if (servers.is_array())
    for (const auto& v : servers)
      if (v.is_string()) s.servers.push_back(v.get<std::string>());
  s.operations = q.getColumn(6).getInt();
  s.createdAt = q.getColumn(7).getString();
  if (withDocument) s.document = q.getColumn(8).getString();
  return s;
}

std::vector<Specification> select(storage::Connection& db, int64_t targetId, bool withDocument) {
  SQLite::Statement q(db, std::string("SELECT ") + kColumns + (withDocument ? ", document" : "") +
                              " FROM specifications WHERE target_id = ? ORDER BY id");
  q.bind(1, targetId);
  std::vector<Specification> out;
  while (q.executeStep()) out.push_back(fromRow(q, withDocument));
  return out;
}

}  // namespace

Specification insertSpecification(storage::Connection& db, Specification s) {
  SQLite::Statement q(db,
                      "INSERT INTO specifications(target_id, name, type, source, document, "
                      "servers, operations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.createdAt = nowIso8601();
  q.bind(1, s.targetId);
  q.bind(2, s.name);
  q.bind(3, s.type);
  q.bind(4, s.source);
  q.bind(5, s.document);
  q.bind(6,
         nlohmann::json(s.servers).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  q.bind(7, s.operations);
  q.bind(8, s.createdAt);
  q.exec();
  s.id = db.getLastInsertRowid();
  return s;
}

Specification replaceSpecification(storage::Connection& db, Specification s) {
  SQLite::Statement q(db, "DELETE FROM specifications WHERE target_id = ? AND source = ?");
  q.bind(1, s.targetId);
  q.bind(2, s.source);
  q.exec();
  return insertSpecification(db, std::move(s));
}

std::vector<Specification> listSpecifications(storage::Connection& db, int64_t targetId) {
  return select(db, targetId, false);
}

std::vector<Specification> loadSpecifications(storage::Connection& db, int64_t targetId) {
  return select(db, targetId, true);
}

std::optional<Specification> findSpecification(storage::Connection& db, int64_t targetId,
                                               int64_t specificationId) {
  SQLite::Statement q(db, std::string("SELECT ") + kColumns +
                              ", document FROM specifications WHERE target_id = ? AND id = ?");
  q.bind(1, targetId);
  q.bind(2, specificationId);
  if (!q.executeStep()) return std::nullopt;
  return fromRow(q, true);
}

bool deleteSpecification(storage::Connection& db, int64_t targetId, int64_t specificationId) {
  SQLite::Statement q(db, "DELETE FROM specifications WHERE target_id = ? AND id = ?");
  q.bind(1, targetId);
  q.bind(2, specificationId);
  return q.exec() > 0;
}

int countSpecifications(storage::Connection& db, int64_t targetId) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM specifications WHERE target_id = ?");
  q.bind(1, targetId);
  q.executeStep();
  return q.getColumn(0).getInt();
}

}  // namespace ctc::storage
