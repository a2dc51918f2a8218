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
  if (input.urls.empty()) return Error::field("scans", "needs at least one target_url");
  auto teams = db_.read([&](storage::Connection& db) {
    return Result<std::vector<storage::TeamMembership>>(storage::listMemberships(db, who.userId));
  });
  if (!teams) return teams.error();
  if (teams->empty()) return Error::forbidden("this API id's user is in no team");
  int64_t team = teams->front().team.id;
  for (const auto& m : *teams)
    if (m.role >= Role::SecurityEngineer) {
      team = m.team.id;
      break;
    }
  if (auto role = auth_.authorize(who, team, Role::SecurityEngineer); !role) return role.error();
  for (const auto& url : input.urls)
    if (auto ok = checkTargetUrl(url, true); !ok)
      return Error::field("target_url.url", ok.error().message);
  storage::AnalysisRow row;
  row.teamId = team;
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
  for (const auto& url : input.urls) {
    auto target = targets_.create(who, team, targetFor(row.name, url));
    if (!target) {
      db_.write([&](storage::Connection& db) {
        return Result<bool>(storage::deleteAnalysis(db, row.id));
      });
      return Error::field("target_url.url", target.error().message);
    }
    db_.write([&](storage::Connection& db) {
      storage::addAnalysisTarget(db, row.id, target->id);
      return Result<bool>(true);
    });
  }
  if (!row.startAt || *row.startAt <= now)
    if (auto started = startNow(who, row); !started) return started.error();
  return get(who, row.id);
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

Result<AnalysisView> AnalysisService::addUrls(const Principal& who, int64_t analysisId,
                                              const std::vector<std::string>& urls) {
  auto row = find(who, analysisId, Role::SecurityEngineer);
  if (!row) return row.error();
  for (const auto& url : urls) {
    auto target = targets_.create(who, row->teamId, targetFor(row->name, url));
    if (!target) return Error::field("target_url.url", target.error().message);
    db_.write([&](storage::Connection& db) {
      storage::addAnalysisTarget(db, row->id, target->id);
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
  auto v = get(who, analysisId);
  if (!v) return v.error();
  std::vector<ScanReport> out;
  for (const auto& t : v->targets) {
    auto scans = scans_.list(who, v->analysis.teamId, t.target.id);
    if (!scans) return scans.error();
    for (const Scan& scan : *scans)
      if (isFinal(scan.status)) {
        auto model = scans_.reportModel(who, v->analysis.teamId, scan.id);
        if (!model) return model.error();
        out.push_back(std::move(*model));
        break;
      }
  }
  return out;
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
