#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <vector>

#include "ctc/domain/finding.hpp"

namespace ctc::storage {

/// Stores the finding unless the scan already has one for the same check x URL x parameter.
/// Returns true if it was new.
bool insertFinding(SQLite::Database& db, const Finding& finding);
/// Highest severity first, then URL.
std::vector<Finding> listFindings(SQLite::Database& db, int64_t scanId);
int64_t countFindings(SQLite::Database& db, int64_t scanId);

}  // namespace ctc::storage
