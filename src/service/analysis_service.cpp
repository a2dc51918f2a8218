#include "ctc/service/analysis_service.hpp"

#include <spdlog/spdlog.h>

#include "ctc/storage/scan_repository.hpp"
#include "ctc/storage/target_repository.hpp"
#include "ctc/storage/team_repository.hpp"
#include "ctc/util/clock.hpp"

namespace ctc::service {
namespace {

Error analysisNotFound(int64_t id) {
  return Error::notFound("analysis " + std::to_string(id) + " not found");
}

TargetInput targetFor(const std::string& name, const std::string& url) {
  TargetInput in;
  in.title = (name + ": " + url).substr(0, 200);
  in.url = url;
  return in;
}

}  // namespace

Result<AnalysisView> AnalysisService::create(const Principal& who, const AnalysisInput& input,
                                             std::time_t now) {
  if (input.name.size() < 6 || input.name.size() > 256)
    return Error::field("name", "must be 6 to 256 characters");
  if (input.scans.empty()) return Error::field("scans", "needs at least one target_url");
  auto team = creatingTeam(who);
  if (!team) return team.error();
  storage::AnalysisRow row;
  row.teamId = *team;
  row.name = input.name;
  row.startAt = input.startAt;
  row.durationSeconds = input.durationSeconds;
  row.createdAt = row.modifiedAt = nowIso8601();
  auto inserted = db_.write([&](storage::Connection& db) {
    return Result<std::optional<storage::AnalysisRow>>(storage::insertAnalysis(db, row));
  });
  if (!inserted) return inserted.error();
  if (!*inserted) return Error::conflict("an analysis named '" + input.name + "' already exists");
  row = **inserted;
  std::vector<int64_t> created;
  for (const auto& scan : input.scans) {
    auto target = addTarget(who, row, scan);
    if (!target) {  // nothing of a refused analysis stays
      db_.write([&](storage::Connection& db) {
        for (int64_t id : created) storage::deleteTarget(db, id);
        return Result<bool>(storage::deleteAnalysis(db, row.id));
      });
      return target.error();
    }
    created.push_back(target->id);
  }
  if (!row.startAt || *row.startAt <= now)
    if (auto started = startNow(who, row); !started) return started.error();
  return get(who, row.id);
}

Result<int64_t> AnalysisService::creatingTeam(const Principal& who) {
  auto teams = db_.read([&](storage::Connection& db) {
    return Result<std::vector<storage::TeamMembership>>(storage::listMemberships(db, who.userId));
  });
  if (!teams) return teams.error();
  if (teams->empty()) return Error::forbidden("this API id's user is in no team");
  for (const auto& m : *teams)
    if (m.role >= Role::SecurityEngineer) return m.team.id;
  return Error::forbidden("the security_engineer or team_admin role is needed for this");
}

Result<Target> AnalysisService::addTarget(const Principal& who, const storage::AnalysisRow& row,
                                          const AnalysisScanInput& scan) {
  std::optional<storage::ApiDocument> document;
  if (scan.specId) {
    auto found = db_.read([&](storage::Connection& db) {
      return Result<std::optional<storage::ApiDocument>>(
          storage::findApiDocument(db, *scan.specId));
    });
    if (!found) return found.error();
    if (!*found || (*found)->teamId != row.teamId)
      return Error::field("api_scan_setting.spec_id",
                          "no API specification " + std::to_string(*scan.specId) +
                              " in this team; upload it to /api_specifications first");
    document = std::move(**found);
  }
  TargetInput in = targetFor(row.name, scan.url);
  in.authentication = scan.authentication;
  if (document) in.type = "api";
  auto target = targets_.create(who, row.teamId, in);
  if (!target) return Error::field("target_url.url", target.error().message);
  db_.write([&](storage::Connection& db) {
    storage::addAnalysisTarget(db, row.id, target->id);
    return Result<bool>(true);
  });
  if (document) {
    auto spec =
        specifications_.upload(who, row.teamId, target->id, document->name, document->document);
    if (!spec) return spec.error();
  }
  return target;
}

Result<storage::ApiDocument> AnalysisService::uploadDocument(const Principal& who,
                                                             const std::string& name,
                                                             const std::string& fileName,
                                                             const std::string& document) {
  auto team = creatingTeam(who);
  if (!team) return team.error();
  std::string specName = name.empty() ? fileName : name;
  if (specName.empty()) return Error::field("spec_name", "is required (or a file name)");
  if (specName.size() > 256) return Error::field("spec_name", "is longer than 256 characters");
  // Checked as it arrives; servers are resolved against each target when an analysis uses it.
  auto described = describeSpecification(document, "http://127.0.0.1/", specName, "upload", "file");
  if (!described) return described.error();
  storage::ApiDocument doc;
  doc.teamId = *team;
  doc.name = specName;
  doc.fileName = fileName.empty() ? specName : fileName;
  doc.document = document;
  doc.operations = described->operations;
  doc.createdAt = doc.modifiedAt = nowIso8601();
  auto stored = db_.write([&](storage::Connection& db) {
    return Result<std::optional<storage::ApiDocument>>(storage::insertApiDocument(db, doc));
  });
  if (!stored) return stored.error();
  if (!*stored) return Error::conflict("an API specification named '" + specName + "' exists");
  return **stored;
}

Result<std::vector<storage::ApiDocument>> AnalysisService::listDocuments(
    const Principal& who, const std::optional<std::string>& name) {
  return db_.read([&](storage::Connection& db) -> Result<std::vector<storage::ApiDocument>> {
    std::vector<storage::ApiDocument> out;
    for (const auto& m : storage::listMemberships(db, who.userId))
      for (auto& d : storage::listApiDocuments(db, m.team.id, name)) out.push_back(std::move(d));
    return out;
  });
}

Result<storage::ApiDocument> AnalysisService::getDocument(const Principal& who, int64_t id) {
  auto found = db_.read([&](storage::Connection& db) {
    return Result<std::optional<storage::ApiDocument>>(storage::findApiDocument(db, id));
  });
  if (!found) return found.error();
  if (!*found || !auth_.authorize(who, (*found)->teamId, Role::Viewer))
    return Error::notFound("API specification " + std::to_string(id) + " not found");
  (*found)->document.clear();
  return **found;
}

Status AnalysisService::startNow(const Principal& who, const storage::AnalysisRow& row) {
  auto ids = db_.read([&](storage::Connection& db) {
    return Result<std::vector<int64_t>>(storage::analysisTargets(db, row.id));
  });
  if (!ids) return ids.error();
  for (int64_t target : *ids) {
    auto started =
        who.userId ? scans_.start(who, row.teamId, target) : scans_.startScheduled(target);
    if (!started) return started.error();
  }
  return db_.write([&](storage::Connection& db) {
    storage::markAnalysisStarted(db, row.id, nowIso8601());
    return Status(Unit{});
  });
}

Result<storage::AnalysisRow> AnalysisService::find(const Principal& who, int64_t analysisId,
                                                   Role minimum) {
  auto row = db_.read([&](storage::Connection& db) {
    return Result<std::optional<storage::AnalysisRow>>(storage::findAnalysis(db, analysisId));
  });
  if (!row) return row.error();
  if (!*row) return analysisNotFound(analysisId);
  if (auto role = auth_.authorize(who, (*row)->teamId, Role::Viewer); !role)
    return analysisNotFound(analysisId);  // another team's: as if it did not exist
  if (auto role = auth_.authorize(who, (*row)->teamId, minimum); !role) return role.error();
  return **row;
}

Result<AnalysisView> AnalysisService::view(const Principal&, const storage::AnalysisRow& row) {
  return db_.read([&](storage::Connection& db) -> Result<AnalysisView> {
    AnalysisView v{row, {}};
    for (int64_t id : storage::analysisTargets(db, row.id)) {
      auto target = storage::findTarget(db, id);
      if (!target) continue;
      auto scans = storage::listScans(db, id);
      std::optional<Scan> latest;
      if (!scans.empty()) latest = scans.front();
      v.targets.push_back({std::move(*target), std::move(latest)});
    }
    return v;
  });
}

Result<std::vector<AnalysisView>> AnalysisService::list(const Principal& who,
                                                        const std::optional<std::string>& name) {
  auto rows = db_.read([&](storage::Connection& db) {
    std::vector<storage::AnalysisRow> out;
    for (const auto& m : storage::listMemberships(db, who.userId))
      for (auto& row : storage::listAnalyses(db, m.team.id, name)) out.push_back(std::move(row));
    return Result<std::vector<storage::AnalysisRow>>(std::move(out));
  });
  if (!rows) return rows.error();
  std::vector<AnalysisView> out;
  for (const auto& row : *rows) {
    auto v = view(who, row);
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

Result<AnalysisView> AnalysisService::get(const Principal& who, int64_t analysisId) {
  auto row = find(who, analysisId, Role::Viewer);
  if (!row) return row.error();
  return view(who, *row);
}

Result<AnalysisView> AnalysisService::addScans(const Principal& who, int64_t analysisId,
                                               const std::vector<AnalysisScanInput>& scans) {
  auto row = find(who, analysisId, Role::SecurityEngineer);
  if (!row) return row.error();
  for (const auto& scan : scans) {
    auto target = addTarget(who, *row, scan);
    if (!target) return target.error();
    db_.write([&](storage::Connection& db) {
      storage::touchAnalysis(db, row->id, nowIso8601());
      return Result<bool>(true);
    });
    if (row->started)
      if (auto started = scans_.start(who, row->teamId, target->id); !started)
        return started.error();
  }
  return view(who, *row);
}

Status AnalysisService::remove(const Principal& who, int64_t analysisId) {
  auto row = find(who, analysisId, Role::SecurityEngineer);
  if (!row) return row.error();
  if (row->started)
    return Error::conflict(
        "You cannot delete this Dynamic Analysis as it is in progress or has already finished.");
  return db_.write([&](storage::Connection& db) {
    storage::deleteAnalysis(db, analysisId);
    return Status(Unit{});
  });
}

Result<std::vector<ScanReport>> AnalysisService::reports(const Principal& who, int64_t analysisId) {
  auto row = find(who, analysisId, Role::Viewer);
  if (!row) return row.error();
  auto targets = db_.read([&](storage::Connection& db) {
    return Result<std::vector<int64_t>>(storage::analysisTargets(db, row->id));
  });
  if (!targets) return targets.error();
  return scans_.latestReports(who, row->teamId, *targets);
}

Result<int> AnalysisService::startDue(std::time_t now) {
  auto due = db_.read([&](storage::Connection& db) {
    return Result<std::vector<storage::AnalysisRow>>(storage::dueAnalyses(db, now));
  });
  if (!due) return due.error();
  int started = 0;
  for (const auto& row : *due) {
    if (auto ok = startNow(Principal{}, row); !ok) {
      spdlog::warn("scheduled analysis {} did not start: {}", row.id, ok.error().message);
      continue;
    }
    ++started;
  }
  return started;
}

}  // namespace ctc::service
