#pragma once
/// Named facts about the deployment (table `settings`).
#include <optional>
#include <string>

#include "ctc/storage/connection.hpp"

namespace ctc::storage {

std::optional<std::string> findSetting(storage::Connection& db, const std::string& name);
void putSetting(storage::Connection& db, const std::string& name, const std::string& value);

}  // namespace ctc::storage
