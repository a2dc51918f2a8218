#pragma once
/// An API description (OpenAPI or HAR) stored with a target.
#include <cstdint>
#include <string>
#include <vector>

namespace ctc {

struct Specification {
  int64_t id = 0;
  int64_t targetId = 0;
  std::string name;
  std::string type;    ///< "openapi2", "openapi3", "har"
  std::string source;  ///< "upload", "inline" (project body), "webhook", "swagger_url"
  std::string document;
  std::vector<std::string> servers;  ///< absolute, as resolved when it was stored
  int operations = 0;
  std::string createdAt;
};

/// At most this many descriptions per target (the successors' limit per analysis).
constexpr int kMaxSpecificationsPerTarget = 250;

}  // namespace ctc
