#pragma once
/// Rendered reports kept per scan and format (table `report_artifacts`).
#include <cstdint>
#include <optional>
#include <string>

#include "ctc/storage/connection.hpp"

namespace ctc::storage {

struct ReportArtifact {
  std::string contentType;
  std::string body;
};

/// Stores (or replaces) the scan's artifact of this format.
void putReportArtifact(storage::Connection& db, int64_t scanId, const std::string& format,
                       const ReportArtifact& artifact);
std::optional<ReportArtifact> findReportArtifact(storage::Connection& db, int64_t scanId,
                                                 const std::string& format);

}  // namespace ctc::storage
