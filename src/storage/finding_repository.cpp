#include "ctc/storage/finding_repository.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ctc::storage {
bool insertFinding(storage::Connection& db, const Finding& f) {
  SQLite::Statement q(db,
                      "INSERT INTO findings(scan_id, check_id, family, title, severity, cwe, "
                      "owasp, cvss, url, method, parameter, evidence_request, evidence_response, "
                      "description, recommendation, references_json, authenticated, operation, "
                      "specification) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT DO NOTHING");
  q.bind(1, f.scanId);
  q.bind(2, f.checkId);
  q.bind(3, f.family);
  q.bind(4, f.title);
  q.bind(5, std::string(toString(f.severity)));
  q.bind(6, f.cwe);
  q.bind(7, f.owasp);
  if (f.cvss)
    q.bind(8, *f.cvss);
  else
    q.bind(8);
  q.bind(9, f.url);
  q.bind(10, f.method);
  q.bind(11, f.parameter);
  q.bind(12, f.evidenceRequest);
  q.bind(13, f.evidenceResponse);
  q.bind(14, f.description);
  q.bind(15, f.recommendation);
  q.bind(
      16,
      nlohmann::json(f.references).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  q.bind(17, f.authenticated ? 1 : 0);
  q.bind(18, f.operation);
  q.bind(19, f.specification);
  return q.exec() > 0;
}

std::vector<Finding> listFindings(storage::Connection& db, int64_t scanId) {
  SQLite::Statement q(
      db,
      "SELECT id, scan_id, check_id, family, title, severity, cwe, owasp, cvss, "
      "url, method, parameter, evidence_request, evidence_response, description, "
      "recommendation, references_json, authenticated, operation, specification FROM findings "
      "WHERE scan_id = ? ORDER BY id");
  q.bind(1, scanId);
  std::vector<Finding> out;
  while (q.executeStep()) {
    Finding f;
    f.id = q.getColumn(0).getInt64();
    f.scanId = q.getColumn(1).getInt64();
    f.checkId = q.getColumn(2).getString();
    f.family = q.getColumn(3).getString();
    f.title = q.getColumn(4).getString();
    f.severity = parseSeverity(q.getColumn(5).getString()).value_or(Severity::Info);
    f.cwe = q.getColumn(6).getInt();
    f.owasp = q.getColumn(7).getString();
    if (!q.getColumn(8).isNull()) f.cvss = q.getColumn(8).getDouble();
    f.url = q.getColumn(9).getString();
    f.method = q.getColumn(10).getString();
    f.parameter = q.getColumn(11).getString();
    f.evidenceRequest = q.getColumn(12).getString();
    f.evidenceResponse = q.getColumn(13).getString();
    f.description = q.getColumn(14).getString();
    f.recommendation = q.getColumn(15).getString();
    auto refs = nlohmann::json::parse(q.getColumn(16).getString(), nullptr, false);
    if (refs.is_array())
      for (const auto& r : refs)
        if (r.is_string()) f.references.push_back(r.get<std::string>());
    f.authenticated = q.getColumn(17).getInt() != 0;
    f.operation = q.getColumn(18).getString();
    f.specification = q.getColumn(19).getString();
    out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.url < b.url;
  });
  return out;
}

int64_t countFindings(storage::Connection& db, int64_t scanId) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM findings WHERE scan_id = ?");
  q.bind(1, scanId);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

}  // namespace ctc::storage
