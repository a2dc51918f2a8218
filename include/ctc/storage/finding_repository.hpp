#pragma once
#include <vector>

#include "ctc/domain/finding.hpp"
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

/// Stores the finding unless the scan already has one for the same check x URL x parameter.
/// Returns true if it was new.
bool insertFinding(storage::Connection& db, const Finding& finding);
/// Highest severity first, then URL.
std::vector<Finding> listFindings(storage::Connection& db, int64_t scanId);
int64_t countFindings(storage::Connection& db, int64_t scanId);

}  // namespace ctc::storage
