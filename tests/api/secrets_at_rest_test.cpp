// Project credentials are sealed at rest: a webhook's credentials never reach the SQLite files in
// clear, survive a restart with the same secrets key, and a foreign or missing key file is a
// startup error naming it. Credentials stored in clear by the previous release are sealed on
// the next start.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_server.hpp"

namespace ctc::test {
namespace {

constexpr const char* kPassword = "S3cret-Value-42";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string sql(const TestServer& s, const std::string& statement) {
  auto result = runCommand({"sqlite3", s.dbPath(), statement});
  EXPECT_EQ(result.first, 0) << statement;
  std::string out = result.second;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

/// Runs `serve` on the server's database with extra args (expected to fail at startup); returns
/// its exit code and everything it printed.
std::pair<int, std::string> serveOnce(const TestServer& s, const std::string& args) {
  return runCommand({"sh", "-c",
                     "timeout 20 '" + std::string(CTC_SERVER_BINARY) +
                         "' serve --listen 127.0.0.1:0 --db '" + s.dbPath() + "' " + args +
                         " 2>&1"});
}

nlohmann::json project(const TestServer& s, int64_t id) {
  return httpRequest("GET", s.api() + "/teams/1/projects/" + std::to_string(id), "",
                     {"API_KEY: " + s.key()})
      .json()["data"];
}

TEST(SecretsHygiene, WebhookCredentialsSealedAtRestAndNeedTheirKeyFile) {
  TempDir dir;
  TestServer server(dir.path());
  const std::string keyPath = dir.path() + "/data/secrets.key";
  auto created = httpRequest("POST", server.api() + "/teams/1/projects",
                             R"({"title":"p","url":"http://127.0.0.1:1/"})",
                             {"API_KEY: " + server.key(), "Content-Type: application/json"});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["data"]["id"];
  std::string secret =
      httpRequest("POST", server.api() + "/teams/1/projects/" + std::to_string(id) + "/webhook", "",
                  {"API_KEY: " + server.key()})
          .json()["data"]["secret"];
  auto hook = httpRequest("POST", server.base() + "/webhook/" + secret,
                          R"({"credentials":{"username":"alice","password":"S3cret-Value-42"}})",
                          {"Content-Type: application/json"});
  ASSERT_TRUE(hook.status == 201 || hook.status == 200) << hook.body;
  EXPECT_EQ(project(server, id)["has_credentials"], true);

  // Neither the database nor its WAL (still there while the server runs) holds the password.
  ASSERT_TRUE(std::filesystem::exists(server.dbPath() + "-wal"));
  for (const std::string& file : {server.dbPath(), server.dbPath() + "-wal"})
    EXPECT_EQ(slurp(file).find(kPassword), std::string::npos) << "in clear in " << file;
  EXPECT_EQ(sql(server, "SELECT substr(credentials_json, 1, 4) FROM targets WHERE id = " +
                            std::to_string(id)),
            "sb1:");
  EXPECT_EQ(server.log().find(kPassword), std::string::npos);

  struct stat st {};
  ASSERT_EQ(::stat(keyPath.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 32);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(
      sql(server, "SELECT length(value) FROM settings WHERE name = 'secrets_key_fingerprint'"),
      "32");

  // The admin CLI opens them with the same key (creating a webhook reads the project).
  auto admin = server.admin({"webhook", "create", "--team", "1", "--target", std::to_string(id)});
  EXPECT_EQ(admin.first, 0) << admin.second;

  // Same database, same key: the credentials are still there.
  server.stop();
  for (const std::string& file : {server.dbPath(), server.dbPath() + "-wal"})
    EXPECT_EQ(slurp(file).find(kPassword), std::string::npos) << "in clear in " << file;
  server.start();
  EXPECT_EQ(project(server, id)["has_credentials"], true);
  server.stop();

  // Another key (freshly generated) or none: the server refuses to start and names the file.
  const std::string otherPath = dir.path() + "/other.key";
  {
    std::string other(32, '\0');
    randombytes_buf(other.data(), other.size());
    std::ofstream(otherPath, std::ios::binary) << other;
  }
  auto foreign = serveOnce(server, "--secrets-key-file '" + otherPath + "'");
  EXPECT_NE(foreign.first, 0) << foreign.second;
  EXPECT_NE(foreign.second.find(otherPath), std::string::npos) << foreign.second;
  EXPECT_NE(foreign.second.find("belongs to another database"), std::string::npos)
      << foreign.second;
  auto foreignAdmin =
      runCommand({"sh", "-c",
                  "'" + std::string(CTC_SERVER_BINARY) + "' admin --db '" + server.dbPath() +
                      "' --secrets-key-file '" + otherPath + "' key list admin@localhost 2>&1"});
  EXPECT_NE(foreignAdmin.first, 0) << foreignAdmin.second;
  EXPECT_NE(foreignAdmin.second.find(otherPath), std::string::npos) << foreignAdmin.second;

  std::filesystem::rename(keyPath, keyPath + ".bak");
  auto missing = serveOnce(server, "");
  EXPECT_NE(missing.first, 0) << missing.second;
  EXPECT_NE(missing.second.find(keyPath), std::string::npos) << missing.second;
  EXPECT_NE(missing.second.find("is missing"), std::string::npos) << missing.second;
  EXPECT_FALSE(std::filesystem::exists(keyPath));  // and did not make a new one
  std::filesystem::rename(keyPath + ".bak", keyPath);
  server.start();
  EXPECT_EQ(project(server, id)["has_credentials"], true);
}

TEST(SecretsHygiene, CredentialsStoredInClearAreSealedOnStart) {
  TempDir dir;
  TestServer server(dir.path());
  auto created = httpRequest("POST", server.api() + "/teams/1/projects",
                             R"({"title":"p","url":"http://127.0.0.1:1/"})",
                             {"API_KEY: " + server.key(), "Content-Type: application/json"});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json()["data"]["id"].dump();
  EXPECT_EQ(project(server, std::stoll(id))["has_credentials"], false);
  EXPECT_EQ(sql(server, "SELECT credentials_json FROM targets WHERE id = " + id), "");
  server.stop();
  // As the release before sealing stored them.
  sql(server,
      "UPDATE targets SET credentials_json = "
      "'{\"username\":\"bob\",\"password\":\"Legacy-Plain-7\"}' WHERE id = " +
          id);
  server.start();
  EXPECT_EQ(sql(server, "SELECT substr(credentials_json, 1, 4) FROM targets WHERE id = " + id),
            "sb1:");
  EXPECT_EQ(sql(server, "SELECT count(*) FROM targets WHERE credentials_json LIKE '%Legacy%'"),
            "0");
  EXPECT_EQ(project(server, std::stoll(id))["has_credentials"], true);
  EXPECT_NE(server.log().find("sealed the stored credentials of 1 projects"), std::string::npos)
      << server.log();
}

}  // namespace
}  // namespace ctc::test
