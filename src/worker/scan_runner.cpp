#include "ctc/worker/scan_runner.hpp"

#include <spdlog/spdlog.h>

#include "ctc/service/authentication.hpp"
#include "ctc/service/specification_service.hpp"
#include "ctc/storage/specification_repository.hpp"
#include "ctc/storage/target_repository.hpp"

namespace ctc::worker {
namespace {

/// The target's stored descriptions, the inline document of a project stored before they had
/// their own table, and its swagger_url. Whatever came from swagger_url before is fetched anew.
scanner::ApiInputs apiInputsOf(const Target& target, storage::Database& db) {
  scanner::ApiInputs in;
  auto stored = db.read([&](storage::Connection& c) -> Result<std::vector<Specification>> {
    return storage::loadSpecifications(c, target.id);
  });
  bool haveInline = false;
  if (stored)
    for (auto& spec : *stored) {
      if (spec.source == "swagger_url") continue;
      haveInline |= spec.source == "inline" || spec.source == "webhook";
      in.documents.push_back({spec.name, std::move(spec.document)});
    }
  if (!haveInline && !target.swagger.empty()) in.documents.push_back({"inline", target.swagger});
  in.swaggerUrl = target.swaggerUrl;
  return in;
}

/// Keeps what swagger_url gave as the target's description from that source.
void storeFetched(storage::Database& db, const Target& target, const std::string& url,
                  const std::string& document) {
  auto spec =
      service::describeSpecification(document, target.url, url, "swagger_url", "swagger_url");
  if (!spec) return;
  spec->targetId = target.id;
  auto stored = db.write([&](storage::Connection& c) -> Status {
    storage::replaceSpecification(c, *spec);
    return okStatus();
  });
  if (!stored)
    spdlog::warn("cannot store the description from {}: {}", url, stored.error().message);
}

}  // namespace

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
    const Target& t = *target.value();
    callbacks.onSpecificationFetched = [&](const std::string& url, const std::string& document) {
      storeFetched(db, t, url, document);
    };
    outcome = scanner::ScanEngine(options).run(t.url, callbacks, t.scanSettings, *auth,
                                               apiInputsOf(t, db));
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
