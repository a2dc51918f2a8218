#pragma once
/// Report models, and the rendered reports of the slow formats (PDF, HTML): rendered once when a
/// scan ends, on the scan worker's thread, stored, and served from the database afterwards, so
/// a 1,000-finding PDF never renders on an HTTP thread. A report is a snapshot of the scan's
/// end (title, team and generation time as they were then). Thread-safe.
#include <string>

#include "ctc/domain/report.hpp"
#include "ctc/report/report_writer.hpp"
#include "ctc/storage/database.hpp"
#include "ctc/util/result.hpp"

namespace ctc::service {

class ReportArchive {
 public:
  ReportArchive(storage::Database& db, std::string fontDir)
      : db_(db), fontDir_(std::move(fontDir)) {}

  /// The report model for a scan in a final state (Conflict while queued or running).
  Result<ScanReport> model(const Scan& scan);
  /// The report: the stored one for PDF and HTML when there is one, else rendered now (and,
  /// for those two, stored for the next download).
  Result<report::RenderedReport> report(const Scan& scan, const report::ReportRequest& wanted);
  /// Renders and stores the PDF and HTML of a scan that has just ended. Ok without doing
  /// anything when the scan is not final (requeued by a shutdown).
  Status archive(int64_t scanId);

 private:
  static bool stored(const report::ReportRequest& wanted);
  Status store(const Scan& scan, const report::ReportRequest& wanted,
               const report::RenderedReport& rendered);

  storage::Database& db_;
  std::string fontDir_;
};

}  // namespace ctc::service
