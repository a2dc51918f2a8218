#pragma once
/// Veracode-style analyses: a named group of targets in a team, started now or at a time.
#include <optional>
#include <string>
#include <vector>

#include "ctc/storage/connection.hpp"

namespace ctc::storage {

struct AnalysisRow {
  int64_t id = 0;
  int64_t teamId = 0;
  std::string name;
  std::optional<int64_t> startAt;  ///< epoch seconds; nullopt: at once
  int64_t durationSeconds = 0;
  bool started = false;
  std::string createdAt, modifiedAt;
};

/// nullopt when the team already has an analysis of that name.
std::optional<AnalysisRow> insertAnalysis(Connection& db, AnalysisRow row);
std::optional<AnalysisRow> findAnalysis(Connection& db, int64_t id);
/// The team's analyses, by id; only those named `name` when given.
std::vector<AnalysisRow> listAnalyses(Connection& db, int64_t teamId,
                                      const std::optional<std::string>& name);
void addAnalysisTarget(Connection& db, int64_t analysisId, int64_t targetId);
std::vector<int64_t> analysisTargets(Connection& db, int64_t analysisId);
void markAnalysisStarted(Connection& db, int64_t analysisId, const std::string& at);
void touchAnalysis(Connection& db, int64_t analysisId, const std::string& at);
bool deleteAnalysis(Connection& db, int64_t analysisId);
/// Not started, with a start time at or before `now`.
std::vector<AnalysisRow> dueAnalyses(Connection& db, int64_t now);

/// An API description uploaded to a team (Veracode's api_specifications), before any target.
struct ApiDocument {
  int64_t id = 0;
  int64_t teamId = 0;
  std::string name, fileName, document;
  int operations = 0;
  std::string createdAt, modifiedAt;
};
/// nullopt when the team already has one of that name.
std::optional<ApiDocument> insertApiDocument(Connection& db, ApiDocument doc);
std::optional<ApiDocument> findApiDocument(Connection& db, int64_t id);
/// Without their documents; only those named `name` when given.
std::vector<ApiDocument> listApiDocuments(Connection& db, int64_t teamId,
                                          const std::optional<std::string>& name);

}  // namespace ctc::storage
