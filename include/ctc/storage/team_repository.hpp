#pragma once
/// Teams, users and memberships. Functions take a connection the caller holds through
/// Database::read/write, and throw SQLite::Exception on storage failure.
#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <vector>

#include "ctc/domain/team.hpp"

namespace ctc::storage {

struct TeamMembership {
  Team team;
  Role role;
};

Team insertTeam(SQLite::Database& db, const std::string& name);
std::optional<Team> findTeam(SQLite::Database& db, int64_t teamId);
int64_t countTeams(SQLite::Database& db);

User insertUser(SQLite::Database& db, const std::string& email);
std::optional<User> findUserByEmail(SQLite::Database& db, const std::string& email);

/// Adds or changes the user's role in the team.
void upsertMembership(SQLite::Database& db, int64_t userId, int64_t teamId, Role role);
std::optional<Role> findMembershipRole(SQLite::Database& db, int64_t userId, int64_t teamId);
/// The user's teams, ordered by id.
std::vector<TeamMembership> listMemberships(SQLite::Database& db, int64_t userId);

}  // namespace ctc::storage
