#include "ctc/report/finding_groups.hpp"

#include <cctype>
#include <map>
#include <set>

namespace ctc::report {
namespace {

std::string groupKey(const std::string& checkId, const std::string& parameter) {
  return checkId + '\n' + parameter;
}

FindingInstance instanceOf(const Finding& f) {
  return {f.id,
          f.url,
          f.method,
          f.parameter,
          f.evidenceRequest,
          f.evidenceResponse,
          f.authenticated,
          f.operation};
}

/// check + parameter -> the normalised paths it was found on.
std::map<std::string, std::set<std::string>> pathsByGroup(const std::vector<Finding>& findings) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& f : findings)
    out[groupKey(f.checkId, f.parameter)].insert(normalisedPath(f.url));
  return out;
}

}  // namespace

std::vector<GroupedFinding> groupFindings(const std::vector<Finding>& findings) {
  std::vector<GroupedFinding> groups;
  std::map<std::string, std::size_t> indexOf;
  std::map<std::string, std::set<std::string>> seen;  // group -> method + URL of its instances
  for (const auto& f : findings) {
    auto key = groupKey(f.checkId, f.parameter);
    auto [it, added] = indexOf.emplace(key, groups.size());
    if (added) groups.push_back({f, {}, std::nullopt});
    if (seen[key].insert(f.method + ' ' + f.url).second)
      groups[it->second].instances.push_back(instanceOf(f));
  }
  return groups;
}

std::string normalisedPath(const std::string& url) {
  std::string path = url;
  if (auto scheme = path.find("://"); scheme != std::string::npos) {
    auto slash = path.find('/', scheme + 3);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  path = path.substr(0, path.find_first_of("?#"));
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.empty()) path = "/";
  for (std::size_t i = 0; i + 2 < path.size(); ++i)
    if (path[i] == '%') {
      path[i + 1] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[i + 1])));
      path[i + 2] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[i + 2])));
    }
  return path;
}

std::vector<FixedFinding> compareWithPrevious(std::vector<GroupedFinding>& current,
                                              const std::vector<Finding>& previous) {
  auto before = pathsByGroup(previous);
  std::map<std::string, std::set<std::string>> now;
  for (auto& group : current) {
    auto key = groupKey(group.finding.checkId, group.finding.parameter);
    auto& paths = now[key];
    for (const auto& instance : group.instances) paths.insert(normalisedPath(instance.url));
    bool unchanged = false;
    if (auto it = before.find(key); it != before.end())
      for (const auto& path : paths) unchanged = unchanged || it->second.count(path) > 0;
    group.change = unchanged ? FindingChange::Unchanged : FindingChange::New;
  }
  std::vector<FixedFinding> fixed;
  for (const auto& group : groupFindings(previous)) {
    auto key = groupKey(group.finding.checkId, group.finding.parameter);
    bool stillThere = false;
    if (auto it = now.find(key); it != now.end())
      for (const auto& instance : group.instances)
        stillThere = stillThere || it->second.count(normalisedPath(instance.url)) > 0;
    if (!stillThere)
      fixed.push_back({group.finding.checkId, group.finding.title, group.finding.severity,
                       group.finding.url, group.finding.parameter});
  }
  return fixed;
}

GroupedReport groupReport(const ScanReport& report) {
  GroupedReport out{groupFindings(report.findings), {}};
  if (report.comparedWith) out.fixed = compareWithPrevious(out.findings, report.previousFindings);
  return out;
}

int newCount(const GroupedReport& grouped) {
  int fresh = 0;
  for (const auto& g : grouped.findings) fresh += g.change == FindingChange::New;
  return fresh;
}

std::string stableKey(const GroupedFinding& group) {
  return group.finding.checkId + '|' + group.finding.parameter + '|' +
         normalisedPath(group.finding.url);
}

}  // namespace ctc::report
