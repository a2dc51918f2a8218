#pragma once
/// The API descriptions of a target: uploaded, sent inline with the project or the webhook,
/// or fetched from its swagger_url. Each is validated when it arrives.
#include <string>
#include <vector>

#include "ctc/domain/specification.hpp"
#include "ctc/service/auth_service.hpp"
#include "ctc/storage/database.hpp"

namespace ctc::service {

/// Reads `document` (OpenAPI 2/3 JSON or YAML, or HAR) against the project URL and returns the
/// description to store (not stored yet): type, resolved servers and operation count; `name`
/// defaults to the document's title. BadRequest says what and where; TooLarge over 8 MiB.
/// `field` names the request field in the error ("file", "swagger", "openapi").
Result<Specification> describeSpecification(const std::string& document,
                                            const std::string& projectUrl, std::string name,
                                            std::string source, const std::string& field);

class SpecificationService {
 public:
  SpecificationService(storage::Database& db, AuthService& auth) : db_(db), auth_(auth) {}

  /// Engineers and admins; Conflict once the target has kMaxSpecificationsPerTarget.
  Result<Specification> upload(const Principal& who, int64_t teamId, int64_t targetId,
                               const std::string& name, const std::string& document);
  /// Without documents.
  Result<std::vector<Specification>> list(const Principal& who, int64_t teamId, int64_t targetId);
  Result<Specification> get(const Principal& who, int64_t teamId, int64_t targetId, int64_t id);
  /// Engineers and admins.
  Status remove(const Principal& who, int64_t teamId, int64_t targetId, int64_t id);

 private:
  storage::Database& db_;
  AuthService& auth_;
};

}  // namespace ctc::service
