// The credential pepper: a private file beside the database, created once, required afterwards,
// and hashes from before it still accepted (and upgraded on first use).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/test_server.hpp"

namespace ctc::test {
namespace {

// A key and its hash under the scheme before the pepper, as the previous release stored it.
constexpr const char* kLegacyKey = "ctc_0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr const char* kLegacyHash =
    "81E4CF2B8CF8238B0B4F933123FA15F339046A25DDA68565A84F01FC0BA9FECE";
constexpr const char* kLegacySecret = "01234567-89ab-cdef-0123-456789abcdef";
constexpr const char* kLegacySecretHash =
    "5E7A734E361D62F5D2D704FF92DFF81011FCBA8C55A069ECFF041BA0C86F15DE";

std::string sql(const TestServer& s, const std::string& statement) {
  auto [rc, out] = runCommand({"sqlite3", s.dbPath(), statement});
  EXPECT_EQ(rc, 0) << statement;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

long teamsStatus(const TestServer& s, const std::string& key) {
  return httpRequest("GET", s.api() + "/teams", "", {"API_KEY: " + key}).status;
}

std::string startFailure(TestServer& s) {
  try {
    s.start();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(Pepper, CreatedPrivateOnceRequiredAfterwardsLegacyHashesUpgraded) {
  TempDir dir;
  TestServer server(dir.path());
  const std::string pepperPath = dir.path() + "/data/pepper.key";
  struct stat st {};
  ASSERT_EQ(::stat(pepperPath.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 32);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(sql(server, "SELECT length(value) FROM settings WHERE name = 'pepper_fingerprint'"),
            "32");
  std::ifstream in(pepperPath, std::ios::binary);
  std::string pepper((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  // A key and a webhook secret stored by the previous release work, and are stored under the
  // pepper from then on.
  auto project = httpRequest("POST", server.api() + "/teams/1/projects",
                             R"({"title":"p","url":"http://127.0.0.1:1/"})",
                             {"API_KEY: " + server.key(), "Content-Type: application/json"});
  ASSERT_EQ(project.status, 201) << project.body;
  server.stop();
  sql(server,
      "INSERT INTO api_keys(user_id, prefix, hash, created_at) VALUES (1, 'ctc_01234567', X'" +
          std::string(kLegacyHash) + "', '2026-01-01T00:00:00Z')");
  sql(server, "INSERT INTO webhooks(target_id, prefix, hash, created_at) VALUES (" +
                  project.json()["data"]["id"].dump() + ", '01234567-89a', X'" + kLegacySecretHash +
                  "', '2026-01-01T00:00:00Z')");
  server.start();
  auto hook = httpRequest("POST", server.base() + "/webhook/" + kLegacySecret);
  EXPECT_EQ(hook.status, 201) << hook.body;
  EXPECT_NE(sql(server, "SELECT hex(hash) FROM webhooks WHERE prefix = '01234567-89a'"),
            kLegacySecretHash);
  EXPECT_EQ(teamsStatus(server, kLegacyKey), 200);
  std::string upgraded =
      sql(server, "SELECT hex(hash) FROM api_keys WHERE prefix = 'ctc_01234567'");
  EXPECT_EQ(upgraded.size(), 64u);
  EXPECT_NE(upgraded, kLegacyHash);
  EXPECT_EQ(teamsStatus(server, kLegacyKey), 200);
  EXPECT_EQ(teamsStatus(server, std::string(kLegacyKey).replace(20, 1, "f")), 401);

  // The admin CLI hashes with the same pepper.
  auto [rc, created] = server.admin({"key", "create", "admin@localhost"});
  ASSERT_EQ(rc, 0) << created;
  EXPECT_EQ(teamsStatus(server, nlohmann::json::parse(created)["key"]), 200);

  // Without its pepper file, or with another one, the server refuses to start and says why.
  server.stop();
  std::filesystem::rename(pepperPath, pepperPath + ".bak");
  std::string missing = startFailure(server);
  EXPECT_NE(missing.find("pepper file"), std::string::npos) << missing;
  EXPECT_NE(missing.find("is missing"), std::string::npos) << missing;
  EXPECT_FALSE(std::filesystem::exists(pepperPath));  // and did not make a new one
  std::ofstream(pepperPath, std::ios::binary) << std::string(32, 'x');
  std::string foreign = startFailure(server);
  EXPECT_NE(foreign.find("belongs to another database"), std::string::npos) << foreign;

  std::filesystem::rename(pepperPath + ".bak", pepperPath);
  server.start();
  EXPECT_EQ(teamsStatus(server, server.key()), 200);
  EXPECT_EQ(teamsStatus(server, kLegacyKey), 200);
  // The pepper itself is nowhere in the database file.
  server.stop();
  std::ifstream db(server.dbPath(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find(pepper), std::string::npos);
}

}  // namespace
}  // namespace ctc::test
