#include "ctc/http/serializers.hpp"

#include "ctc/service/authentication.hpp"

namespace ctc::http {
namespace {

nlohmann::json optionalJson(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

/// The stored authentication without its secrets; null when there is none (or when what an
/// older version stored no longer reads: has_credentials still says something is there).
nlohmann::json authenticationJson(const std::string& stored) {
  auto auth = service::decodeStoredAuthentication(stored);
  if (!auth || !*auth) return nullptr;
  return service::publicAuthenticationJson(**auth);
}

}  // namespace

nlohmann::json toJson(const storage::TeamMembership& m) {
  return {{"id", m.team.id},
          {"name", m.team.name},
          {"role", toString(m.role)},
          {"created_at", m.team.createdAt}};
}

nlohmann::json toJson(const Target& t) {
  return {{"id", t.id},
          {"team_id", t.teamId},
          {"title", t.title},
          {"url", t.url},
          {"type", toString(t.type)},
          {"description", t.description},
          {"swagger_url",
           t.swaggerUrl.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.swaggerUrl)},
          {"has_swagger", !t.swagger.empty()},
          {"has_credentials", !t.credentialsJson.empty()},
          {"authentication", authenticationJson(t.credentialsJson)},
          {"created_at", t.createdAt},
          {"scan_settings", toJson(t.scanSettings)}};
}

nlohmann::json toJson(const Specification& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"type", s.type},
          {"source", s.source},
          {"servers", s.servers},
          {"operations", s.operations},
          {"created_at", s.createdAt}};
}

nlohmann::json toJson(const ScanSettings& s) {
  return {{"requests_per_second",
           s.requestsPerSecond ? nlohmann::json(*s.requestsPerSecond) : nlohmann::json(nullptr)},
          {"include_paths", s.includePaths},
          {"exclude_paths", s.excludePaths},
          {"allow_destructive_methods", s.allowDestructiveMethods},
          {"server", s.server.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.server)}};
}

nlohmann::json statusJson(const Scan& s) {
  return {{"status_code", static_cast<int>(s.status)},
          {"status", toString(s.status)},
          {"progress", s.progress},
          {"started_at", optionalJson(s.startedAt)},
          {"finished_at", optionalJson(s.finishedAt)},
          {"message", optionalJson(s.message)}};
}

nlohmann::json toJson(const Scan& s) {
  return {{"id", s.id},
          {"scanId", s.id},
          {"project_id", s.targetId},
          {"team_id", s.teamId},
          {"created_at", s.createdAt},
          {"status", statusJson(s)},
          {"requests_sent", s.requestsSent},
          {"pages_crawled", s.pagesCrawled}};
}

}  // namespace ctc::http
