#pragma once
/// API descriptions of a target. Listing leaves the documents out (they can be megabytes).
#include <optional>
#include <vector>

#include "ctc/domain/specification.hpp"
#include "ctc/storage/connection.hpp"

namespace ctc::storage {

/// Inserts it (id and createdAt are assigned) and returns it.
Specification insertSpecification(storage::Connection& db, Specification spec);
/// Replaces the target's description from this source (inline, webhook, swagger_url: one each).
Specification replaceSpecification(storage::Connection& db, Specification spec);
/// Without documents, oldest first.
std::vector<Specification> listSpecifications(storage::Connection& db, int64_t targetId);
/// With documents, oldest first: what a scan reads.
std::vector<Specification> loadSpecifications(storage::Connection& db, int64_t targetId);
std::optional<Specification> findSpecification(storage::Connection& db, int64_t targetId,
                                               int64_t specificationId);
bool deleteSpecification(storage::Connection& db, int64_t targetId, int64_t specificationId);
int countSpecifications(storage::Connection& db, int64_t targetId);

}  // namespace ctc::storage
