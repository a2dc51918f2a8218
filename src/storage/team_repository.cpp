#include "ctc/storage/team_repository.hpp"

#include "ctc/util/clock.hpp"

namespace ctc::storage {
namespace {

Team teamFromRow(SQLite::Statement& q) {
  return Team{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString()};
}

}  // namespace

Team insertTeam(storage::Connection& db, const std::string& name) {
  SQLite::Statement q(db, "INSERT INTO teams(name, created_at) VALUES (?, ?)");
  std::string now = nowIso8601();
  q.bind(1, name);
  q.bind(2, now);
  q.exec();
  return Team{db.getLastInsertRowid(), name, now};
}

std::optional<Team> findTeam(storage::Connection& db, int64_t teamId) {
  auto q = db.cached("SELECT id, name, created_at FROM teams WHERE id = ?");
  q->bind(1, teamId);
  if (!q->executeStep()) return std::nullopt;
  return teamFromRow(*q);
}

int64_t countTeams(storage::Connection& db) {
  return db.execAndGet("SELECT COUNT(*) FROM teams").getInt64();
}

User insertUser(storage::Connection& db, const std::string& email) {
  SQLite::Statement q(db, "INSERT INTO users(email, created_at) VALUES (?, ?)");
  q.bind(1, email);
  q.bind(2, nowIso8601());
  q.exec();
  return User{db.getLastInsertRowid(), email};
}

std::optional<User> findUserByEmail(storage::Connection& db, const std::string& email) {
  SQLite::Statement q(db, "SELECT id, email FROM users WHERE email = ?");
  q.bind(1, email);
  if (!q.executeStep()) return std::nullopt;
  return User{q.getColumn(0).getInt64(), q.getColumn(1).getString()};
}

void upsertMembership(storage::Connection& db, int64_t userId, int64_t teamId, Role role) {
  SQLite::Statement q(db,
                      "INSERT INTO memberships(user_id, team_id, role) VALUES (?, ?, ?) "
                      "ON CONFLICT(user_id, team_id) DO UPDATE SET role = excluded.role");
  q.bind(1, userId);
  q.bind(2, teamId);
  q.bind(3, std::string(toString(role)));
  q.exec();
}

std::optional<Role> findMembershipRole(storage::Connection& db, int64_t userId, int64_t teamId) {
  auto q = db.cached("SELECT role FROM memberships WHERE user_id = ? AND team_id = ?");
  q->bind(1, userId);
  q->bind(2, teamId);
  if (!q->executeStep()) return std::nullopt;
  return parseRole(q->getColumn(0).getString());
}

std::vector<TeamMembership> listMemberships(storage::Connection& db, int64_t userId) {
  SQLite::Statement q(db,
                      "SELECT t.id, t.name, t.created_at, m.role FROM teams t "
                      "JOIN memberships m ON m.team_id = t.id WHERE m.user_id = ? ORDER BY t.id");
  q.bind(1, userId);
  std::vector<TeamMembership> out;
  while (q.executeStep()) {
    auto role = parseRole(q.getColumn(3).getString());
    out.push_back({teamFromRow(q), role.value_or(Role::Viewer)});
  }
  return out;
}

}  // namespace ctc::storage
