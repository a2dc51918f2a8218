#pragma once
/// Scans: the state machine 100 -> 101 -> 200/300/400 lives in these UPDATEs, each guarded by
/// the state it leaves, so a stop and a worker finishing can race safely.
#include <optional>
#include <string>
#include <vector>

#include "ctc/domain/scan.hpp"
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

/// Inserts a queued scan unless the target already has a queued or running one (the partial
/// unique index decides). Returns the new id, or nullopt when one was already active.
std::optional<int64_t> insertQueuedScan(storage::Connection& db, int64_t targetId);
std::optional<Scan> findActiveScan(storage::Connection& db, int64_t targetId);
std::optional<Scan> findScan(storage::Connection& db, int64_t scanId);
/// Newest first.
std::vector<Scan> listScans(storage::Connection& db, int64_t targetId);
/// The latest finished (200) scan of the target before this one: what a report compares with.
std::optional<int64_t> previousFinishedScan(storage::Connection& db, int64_t targetId,
                                            int64_t beforeScanId);

/// Moves the oldest queued scan whose team has fewer than maxRunningPerTeam running scans to
/// running (attempts + 1) and returns it.
std::optional<Scan> claimNextQueuedScan(storage::Connection& db, int maxRunningPerTeam);
/// progress < 0 keeps the stored percentage. Only touches running scans.
void updateScanProgress(storage::Connection& db, int64_t scanId, int progress, int64_t requests,
                        int64_t pages);
/// Running -> final status. False if the scan was no longer running (e.g. stopped meanwhile).
bool finishScan(storage::Connection& db, int64_t scanId, ScanStatus status,
                const std::optional<std::string>& message);
/// Queued/running -> stopped. False if it was not active.
bool stopScan(storage::Connection& db, int64_t scanId);

struct RecoveryCounts {
  int requeued = 0;
  int failed = 0;
};
/// At start-up: running scans left by a crash go back to queued, or fail once they have been
/// interrupted maxAttempts times.
RecoveryCounts recoverInterruptedScans(storage::Connection& db, int maxAttempts);

}  // namespace ctc::storage

namespace ctc::storage {

/// Running -> queued without counting the attempt (graceful shutdown: resumable next start).
bool requeueScan(storage::Connection& db, int64_t scanId);

}  // namespace ctc::storage
