#include "ctc/worker/scan_runner.hpp"

#include <spdlog/spdlog.h>

#include "ctc/service/authentication.hpp"
#include "ctc/storage/target_repository.hpp"

namespace ctc::worker {

scanner::ScanOutcome runScan(const Scan& scan, storage::Database& db,
                             const scanner::EngineOptions& options, ScanRecord& record,
                             const ScanSignals& signals) {
  spdlog::info("scan {} started (attempt {})", scan.id, scan.attempts);
  auto target = db.read([&](storage::Connection& c) -> Result<std::optional<Target>> {
    return storage::findTarget(c, scan.targetId);
  });
  scanner::ScanOutcome outcome;
  if (!target || !target.value()) {
    outcome.status = ScanStatus::Failed;
    // A failed read (busy database, unreadable settings) is not a deleted project.
    outcome.message =
        target ? "the project was deleted" : "cannot read the project from the database";
  } else if (auto auth = service::decodeStoredAuthentication(target.value()->credentialsJson);
             !auth) {
    outcome.status = ScanStatus::Failed;
    outcome.message = "login failed: " + auth.error().message;
  } else {
    scanner::ScanCallbacks callbacks;
    callbacks.stopRequested = signals.stop;
    callbacks.onFinding = [&](const Finding& f) { record.finding(f); };
    callbacks.onProgress = [&](const scanner::ScanProgress& p) { record.progress(p); };
    outcome = scanner::ScanEngine(options).run(target.value()->url, callbacks,
                                               target.value()->scanSettings, *auth);
  }
  bool requeue =
      outcome.status == ScanStatus::Stopped && signals.shuttingDown && signals.shuttingDown();
  record.finish(outcome, requeue);
  spdlog::info("scan {} ended: {} {} ({} requests, {} pages){}", scan.id, toString(outcome.status),
               outcome.message, outcome.requests, outcome.pages,
               requeue ? ", back in the queue" : "");
  return outcome;
}

}  // namespace ctc::worker
