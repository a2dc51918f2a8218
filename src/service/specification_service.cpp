#include "ctc/service/specification_service.hpp"

#include "ctc/scanner/spec/api_spec.hpp"
#include "ctc/service/target_service.hpp"
#include "ctc/storage/specification_repository.hpp"

namespace ctc::service {
namespace {

constexpr std::size_t kMaxName = 200;

Error notFound(int64_t id) {
  return Error::notFound("specification " + std::to_string(id) + " not found");
}

}  // namespace

Result<Specification> describeSpecification(const std::string& document,
                                            const std::string& projectUrl, std::string name,
                                            std::string source, const std::string& field) {
  auto spec = scanner::parseApiSpec(document, projectUrl);
  if (!spec) {
    Error e = spec.error();
    if (e.kind == ErrorKind::BadRequest) return Error::field(field, e.message);
    return e;
  }
  Specification s;
  s.type = std::string(scanner::toString(spec->type));
  s.source = std::move(source);
  s.document = document;
  s.servers = spec->servers;
  s.operations = static_cast<int>(spec->operations.size());
  if (name.empty()) name = spec->title;
  if (name.empty()) name = s.type + " description";
  if (name.size() > kMaxName) name.resize(kMaxName);
  s.name = std::move(name);
  return s;
}

Result<Specification> SpecificationService::upload(const Principal& who, int64_t teamId,
                                                   int64_t targetId, const std::string& name,
                                                   const std::string& document) {
  if (auto role = auth_.authorize(who, teamId, Role::SecurityEngineer); !role) return role.error();
  auto target = findTargetInTeam(db_, teamId, targetId);
  if (!target) return target.error();
  if (name.size() > kMaxName) return Error::field("name", "is longer than 200 characters");
  auto spec = describeSpecification(document, target->url, name, "upload", "file");
  if (!spec) return spec.error();
  spec->targetId = targetId;
  return db_.write([&](storage::Connection& db) -> Result<Specification> {
    if (storage::countSpecifications(db, targetId) >= kMaxSpecificationsPerTarget)
      return Error::conflict("the project already has " +
                             std::to_string(kMaxSpecificationsPerTarget) +
                             " API descriptions (the limit); delete one first");
    return storage::insertSpecification(db, *spec);
  });
}

Result<std::vector<Specification>> SpecificationService::list(const Principal& who, int64_t teamId,
                                                              int64_t targetId) {
  if (auto role = auth_.authorize(who, teamId, Role::Viewer); !role) return role.error();
  if (auto target = findTargetInTeam(db_, teamId, targetId); !target) return target.error();
  return db_.read([&](storage::Connection& db) -> Result<std::vector<Specification>> {
    return storage::listSpecifications(db, targetId);
  });
}

Result<Specification> SpecificationService::get(const Principal& who, int64_t teamId,
                                                int64_t targetId, int64_t id) {
  if (auto role = auth_.authorize(who, teamId, Role::Viewer); !role) return role.error();
  if (auto target = findTargetInTeam(db_, teamId, targetId); !target) return target.error();
  auto found = db_.read([&](storage::Connection& db) -> Result<std::optional<Specification>> {
    return storage::findSpecification(db, targetId, id);
  });
  if (!found) return found.error();
  if (!found.value()) return notFound(id);
  return *found.value();
}

Status SpecificationService::remove(const Principal& who, int64_t teamId, int64_t targetId,
                                    int64_t id) {
  if (auto role = auth_.authorize(who, teamId, Role::SecurityEngineer); !role) return role.error();
  if (auto target = findTargetInTeam(db_, teamId, targetId); !target) return target.error();
  return db_.write([&](storage::Connection& db) -> Status {
    if (!storage::deleteSpecification(db, targetId, id)) return notFound(id);
    return okStatus();
  });
}

}  // namespace ctc::service
