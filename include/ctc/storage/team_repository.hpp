#pragma once
/// Teams, users and memberships. Functions take a connection the caller holds through
/// Database::read/write, and throw SQLite::Exception on storage failure.
#include <optional>
#include <vector>

#include "ctc/domain/team.hpp"
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

struct TeamMembership {
  Team team;
  Role role;
};

Team insertTeam(storage::Connection& db, const std::string& name);
std::optional<Team> findTeam(storage::Connection& db, int64_t teamId);
int64_t countTeams(storage::Connection& db);

User insertUser(storage::Connection& db, const std::string& email);
std::optional<User> findUserByEmail(storage::Connection& db, const std::string& email);

/// Adds or changes the user's role in the team.
void upsertMembership(storage::Connection& db, int64_t userId, int64_t teamId, Role role);
std::optional<Role> findMembershipRole(storage::Connection& db, int64_t userId, int64_t teamId);
/// The user's teams, ordered by id.
std::vector<TeamMembership> listMemberships(storage::Connection& db, int64_t userId);

}  // namespace ctc::storage
