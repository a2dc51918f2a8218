#include "migrations.hpp"

#include <array>
#include <string_view>

namespace ctc::storage {
namespace {

// Append only: each entry moves the schema from version i to i+1.
constexpr std::array<std::string_view, 8> kMigrations{
    // 1: the initial schema.
    R"sql(
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL
);
CREATE TABLE memberships (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('team_admin', 'security_engineer', 'viewer')),
  PRIMARY KEY (user_id, team_id)
);
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  prefix TEXT NOT NULL,
  hash BLOB NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_keys_prefix ON api_keys(prefix);
CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('webapp', 'api')),
  description TEXT NOT NULL DEFAULT '',
  swagger_url TEXT NOT NULL DEFAULT '',
  swagger TEXT NOT NULL DEFAULT '',
  credentials_json TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX targets_team ON targets(team_id);
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  prefix TEXT NOT NULL,
  hash BLOB NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX webhooks_prefix ON webhooks(prefix);
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  status_code INTEGER NOT NULL CHECK (status_code IN (100, 101, 200, 300, 400)),
  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  message TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  requests_sent INTEGER NOT NULL DEFAULT 0,
  pages_crawled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scans_target ON scans(target_id, id DESC);
-- At most one queued-or-running scan per target: the database itself makes start idempotent.
CREATE UNIQUE INDEX scans_one_active ON scans(target_id) WHERE status_code IN (100, 101);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  check_id TEXT NOT NULL,
  family TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  cwe INTEGER NOT NULL,
  owasp TEXT NOT NULL,
  cvss REAL,
  url TEXT NOT NULL,
  method TEXT NOT NULL,
  parameter TEXT NOT NULL,
  evidence_request TEXT NOT NULL,
  evidence_response TEXT NOT NULL,
  description TEXT NOT NULL,
  recommendation TEXT NOT NULL,
  references_json TEXT NOT NULL,
  UNIQUE (scan_id, check_id, url, parameter)
);
)sql",
    // 2: per-target scan settings. NULL rate = the server's --scan-rate; NULL path lists = [].
    R"sql(
ALTER TABLE targets ADD COLUMN scan_rate REAL
  CHECK (scan_rate IS NULL OR (scan_rate >= 0 AND scan_rate <= 1000));
ALTER TABLE targets ADD COLUMN include_paths TEXT
  CHECK (include_paths IS NULL OR json_valid(include_paths));
ALTER TABLE targets ADD COLUMN exclude_paths TEXT
  CHECK (exclude_paths IS NULL OR json_valid(exclude_paths));
ALTER TABLE targets ADD COLUMN allow_destructive INTEGER NOT NULL DEFAULT 0
  CHECK (allow_destructive IN (0, 1));
)sql",
    // 3: facts about the deployment, e.g. the fingerprint of its credential pepper.
    R"sql(
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
)sql",
    // 4: whether a finding needed the scan's login.
    R"sql(
ALTER TABLE findings ADD COLUMN authenticated INTEGER NOT NULL DEFAULT 0
  CHECK (authenticated IN (0, 1));
)sql",
    // 5: API descriptions (OpenAPI, HAR) of a target, the server a scan of them uses, and the
    // operation and description a finding was found through.
    R"sql(
CREATE TABLE specifications (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('openapi2', 'openapi3', 'har')),
  source TEXT NOT NULL CHECK (source IN ('upload', 'inline', 'webhook', 'swagger_url')),
  document TEXT NOT NULL,
  servers TEXT NOT NULL CHECK (json_valid(servers)),
  operations INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX specifications_target ON specifications(target_id);
ALTER TABLE targets ADD COLUMN api_server TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN operation TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN specification TEXT NOT NULL DEFAULT '';
)sql",
    // 6: reports rendered once when a scan ended (PDF, HTML), served from here afterwards.
    R"sql(
CREATE TABLE report_artifacts (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  format TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (scan_id, format)
);
)sql",
    // 7: Veracode-style HMAC API credentials (secret sealed: the verifier needs it in clear),
    // the nonces they signed with (replays), Veracode analyses over targets, and the API
    // descriptions uploaded for them before any target exists.
    R"sql(
CREATE TABLE hmac_credentials (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  api_id TEXT NOT NULL UNIQUE,
  secret_sealed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE hmac_nonces (
  credential_id INTEGER NOT NULL REFERENCES hmac_credentials(id) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (credential_id, nonce)
);
CREATE INDEX hmac_nonces_seen ON hmac_nonces(seen_at);
CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  start_at INTEGER,
  duration_seconds INTEGER NOT NULL DEFAULT 0,
  started INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  UNIQUE (team_id, name)
);
CREATE TABLE api_documents (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  file_name TEXT NOT NULL,
  document TEXT NOT NULL,
  operations INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  modified_at TEXT NOT NULL,
  UNIQUE (team_id, name)
);
CREATE TABLE analysis_targets (
  analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  PRIMARY KEY (analysis_id, target_id)
);
)sql",
    // 8: what each check's requests and judging took in a scan (JUnit times).
    R"sql(
CREATE TABLE check_times (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  check_key TEXT NOT NULL,
  seconds REAL NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (scan_id, check_key)
);
)sql"};

}  // namespace

void migrate(storage::Connection& db) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  for (int v = version; v < static_cast<int>(kMigrations.size()); ++v) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(std::string(kMigrations[v]));
    db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
  }
}

}  // namespace ctc::storage
