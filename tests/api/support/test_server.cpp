#include "test_server.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ctc::test {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t collectBody(char* p, size_t s, size_t n, void* u) {
  static_cast<std::string*>(u)->append(p, s * n);
  return s * n;
}

size_t collectHeader(char* p, size_t s, size_t n, void* u) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(u);
  std::string line(p, s * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*headers)[name] = value;
  }
  return s * n;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& stdoutPath,
            const std::string& stderrPath) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, stdoutPath.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderrPath.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot spawn " + argv[0]);
  return pid;
}

bool waitForFile(const std::string& path, pid_t pid, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(path)) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

HttpResult httpRequest(const std::string& method, const std::string& url, const std::string& body,
                       const std::vector<std::string>& headers) {
  HttpResult r;
  CURL* c = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);  // send "..", not what curl would squash it to
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (method == "POST" || !body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collectHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "ctc-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestServer::TestServer(std::string dir, std::vector<std::string> extraArgs,
                       bool allowPrivateTargets)
    : dir_(std::move(dir)),
      extraArgs_(std::move(extraArgs)),
      allowPrivateTargets_(allowPrivateTargets) {
  start();
}

TestServer::~TestServer() {
  if (pid_ > 0) stop(SIGKILL);
}

void TestServer::start() {
  std::string portFile = dir_ + "/port";
  std::filesystem::remove(portFile);
  std::vector<std::string> argv{
      CTC_SERVER_BINARY, "serve",       "--listen", "127.0.0.1:0",    "--db",
      dbPath(),          "--port-file", portFile,   "--http-threads", "2"};
  if (allowPrivateTargets_) argv.push_back("--allow-private-targets");
  argv.insert(argv.end(), extraArgs_.begin(), extraArgs_.end());
  pid_ = spawn(argv, dir_ + "/server.out", dir_ + "/server.log");
  if (!waitForFile(portFile, pid_, 15))
    throw std::runtime_error("server did not start; log:\n" + log());
  port_ = std::stoi(readFile(portFile));
  std::string key = readFile(dir_ + "/data/initial-api-key");
  while (!key.empty() && (key.back() == '\n' || key.back() == ' ')) key.pop_back();
  key_ = key;
}

int TestServer::stop(int sig) {
  if (pid_ <= 0) return 0;
  kill(pid_, sig);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

std::string TestServer::log() const {
  return readFile(dir_ + "/server.log");
}

std::pair<int, std::string> runCommand(const std::vector<std::string>& argv) {
  TempDir out;
  std::string outPath = out.path() + "/stdout";
  pid_t pid = spawn(argv, outPath, out.path() + "/stderr");
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, readFile(outPath)};
}

std::pair<int, std::string> TestServer::admin(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{CTC_SERVER_BINARY, "admin", "--db", dbPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return runCommand(argv);
}

FixtureSite::FixtureSite() {
  std::string ready = dir_.path() + "/ready.json";
  pid_ = spawn({"python3", std::string(CTC_SOURCE_DIR) + "/tests/fixture/vulnerable_site.py",
                "--ready-file", ready, "--workdir", dir_.path() + "/work"},
               dir_.path() + "/fixture.out", dir_.path() + "/fixture.log");
  if (!waitForFile(ready, pid_, 20))
    throw std::runtime_error("fixture site did not start: " +
                             readFile(dir_.path() + "/fixture.log"));
  ready_ = nlohmann::json::parse(readFile(ready));
}

FixtureSite::~FixtureSite() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

std::string FixtureSite::operator[](const std::string& name) const {
  return ready_.at(name).get<std::string>();
}

nlohmann::json waitForScan(const TestServer& server, int64_t team, int64_t scan,
                           int timeoutSeconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  nlohmann::json status;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = httpRequest("GET",
                         server.api() + "/teams/" + std::to_string(team) + "/scans/" +
                             std::to_string(scan) + "/status",
                         "", {"API_KEY: " + server.key()});
    status = r.json()["data"]["status"];
    if (status.is_object() && status["status_code"].get<int>() > 101) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return status;
}

SiteScan scanSite(const TestServer& server, const std::string& title, const std::string& url,
                  const nlohmann::json& scanSettings, int timeoutSeconds,
                  const nlohmann::json& authentication) {
  SiteScan out;
  nlohmann::json body{{"title", title}, {"url", url}};
  if (!scanSettings.is_null()) body["scan_settings"] = scanSettings;
  if (!authentication.is_null()) body["authentication"] = authentication;
  std::vector<std::string> auth{"API_KEY: " + server.key()};
  auto project = httpRequest("POST", server.api() + "/teams/1/projects", body.dump(),
                             {auth[0], "Content-Type: application/json"});
  if (project.status != 201) throw std::runtime_error("cannot create project: " + project.body);
  auto t0 = std::chrono::steady_clock::now();
  auto started =
      httpRequest("POST",
                  server.api() + "/teams/1/projects/" +
                      std::to_string(project.json()["data"]["id"].get<int64_t>()) + "/scans",
                  "", auth);
  int64_t scan = started.json()["data"]["scanId"];
  out.status = waitForScan(server, 1, scan, timeoutSeconds);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (out.status.is_object() && out.status["status_code"] == 200)
    out.report =
        httpRequest("GET", server.api() + "/teams/1/scans/" + std::to_string(scan) + "/report/json",
                    "", auth)
            .json();
  return out;
}

std::vector<nlohmann::json> findingInstances(const nlohmann::json& report) {
  std::vector<nlohmann::json> out;
  if (!report.is_object() || !report["findings"].is_array()) return out;
  for (const auto& finding : report["findings"]) {
    for (const auto& instance : finding["instances"]) {
      nlohmann::json merged = finding;
      merged.erase("instances");
      for (const auto& [key, value] : instance.items()) merged[key] = value;
      out.push_back(std::move(merged));
    }
  }
  return out;
}

}  // namespace ctc::test
