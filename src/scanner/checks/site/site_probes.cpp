#include "ctc/scanner/checks/site/site_probes.hpp"

#include <re2/re2.h>

#include <array>
#include <functional>

#include "ctc/scanner/check_catalog.hpp"

namespace ctc::scanner {
namespace {

// OpenSSL X509_V_ERR_* codes (x509_vfy.h), as CURLINFO_SSL_VERIFYRESULT reports them.
constexpr long kUnableToGetIssuer = 2;
constexpr long kCertNotYetValid = 9;
constexpr long kCertHasExpired = 10;
constexpr long kDepthZeroSelfSigned = 18;
constexpr long kSelfSignedInChain = 19;
constexpr long kUnableToGetIssuerLocal = 20;
constexpr long kUnableToVerifyLeaf = 21;
constexpr long kHostnameMismatch = 62;
constexpr long kIpAddressMismatch = 64;

bool looksLikeHtml(std::string_view body) {
  auto start = body.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && body[start] == '<';
}

bool isGitHead(std::string_view body) {
  static const RE2 kRef("^(ref: refs/[A-Za-z0-9._/-]+|[0-9a-f]{40})\\s*$");
  return RE2::FullMatch(body.substr(0, 512), kRef);
}

bool isGitConfig(std::string_view body) {
  return !looksLikeHtml(body) && body.find("[core]") != std::string_view::npos &&
         body.find("repositoryformatversion") != std::string_view::npos;
}

bool isEnvFile(std::string_view body) {
  if (looksLikeHtml(body)) return false;
  static const RE2 kAssignment("(?m)^[A-Z_][A-Z0-9_]*=.*$");
  re2::StringPiece input(body.data(), std::min<std::size_t>(body.size(), 65536));
  int lines = 0;
  while (lines < 2 && RE2::FindAndConsume(&input, kAssignment)) ++lines;
  return lines >= 2;
}

bool isZip(std::string_view body) {
  return body.starts_with(std::string_view("PK\x03\x04", 4));
}
bool isGzip(std::string_view body) {
  return body.starts_with("\x1f\x8b");
}
bool isSqlDump(std::string_view body) {
  if (looksLikeHtml(body)) return false;
  auto head = body.substr(0, 65536);
  return head.find("CREATE TABLE") != std::string_view::npos ||
         head.find("INSERT INTO") != std::string_view::npos;
}

struct FileProbe {
  std::string_view path;
  std::string_view checkId;
  bool (*proves)(std::string_view body);
  std::string_view what;
};

constexpr std::array<FileProbe, 9> kProbes{{
    {"/.git/HEAD", "exposure.git_repository", isGitHead, "a Git HEAD reference"},
    {"/.git/config", "exposure.git_repository", isGitConfig, "a Git config with [core]"},
    {"/.env", "exposure.env_file", isEnvFile, "NAME=value assignments"},
    {"/backup.zip", "exposure.backup_file", isZip, "a ZIP archive (PK\\x03\\x04)"},
    {"/backup.tar.gz", "exposure.backup_file", isGzip, "a gzip archive (\\x1f\\x8b)"},
    {"/db.sql", "exposure.backup_file", isSqlDump, "an SQL dump"},
    {"/dump.sql", "exposure.backup_file", isSqlDump, "an SQL dump"},
    {"/backup.sql", "exposure.backup_file", isSqlDump, "an SQL dump"},
    {"/database.sql", "exposure.backup_file", isSqlDump, "an SQL dump"},
}};

/// Printable excerpt of a possibly binary body.
std::string excerpt(std::string_view body, std::size_t max = 160) {
  std::string out;
  for (unsigned char c : body.substr(0, max)) {
    if (c == '\n')
      out += "\\n";
    else if (c >= 0x20 && c < 0x7f)
      out += static_cast<char>(c);
    else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (body.size() > max) out += "...";
  return out;
}

/// Hides values in NAME=value lines so reports do not copy the site's secrets.
std::string redactAssignments(std::string_view body) {
  std::string out;
  std::size_t lines = 0;
  std::size_t pos = 0;
  while (pos < body.size() && lines < 4) {
    auto end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    auto eq = line.find('=');
    if (eq != std::string_view::npos) {
      out += std::string(line.substr(0, eq)) + "=***\\n";
      ++lines;
    }
    pos = end + 1;
  }
  return out;
}

const FileProbe* probeFor(const std::string& url) {
  for (const auto& p : kProbes)
    if (url.size() >= p.path.size() && url.ends_with(p.path)) return &p;
  return nullptr;
}

}  // namespace

std::vector<HttpRequest> sensitiveFileProbes(const ParsedUrl& target) {
  std::vector<HttpRequest> out;
  std::string base = target.origin();
  for (const auto& p : kProbes) {
    out.push_back(HttpRequest{"GET", base + std::string(p.path)});
    out.back().check = p.checkId;
  }
  return out;
}

void inspectSensitiveFile(const FetchResult& probe, FindingCollector& out) {
  if (!probe.ok() || probe.response.status != 200) return;
  const FileProbe* p = probeFor(probe.request.url);
  if (!p || !p->proves(probe.response.body)) return;
  Finding f = makeFinding(p->checkId, probe.request.url);
  f.evidenceRequest = probe.requestLine();
  std::string body = p->checkId == "exposure.env_file" ? redactAssignments(probe.response.body)
                                                       : excerpt(probe.response.body);
  f.evidenceResponse = "HTTP 200, body is " + std::string(p->what) + ": " + body;
  out.add(std::move(f));
}

void inspectTransport(const ParsedUrl& target, const FetchResult& root, FindingCollector& out) {
  if (target.scheme != "http" || !root.ok() || root.response.status == 0) return;
  auto location = root.response.header("Location");
  bool redirectsToHttps = root.response.status >= 300 && root.response.status < 400 && location &&
                          location->starts_with("https://");
  if (redirectsToHttps) return;
  Finding f = makeFinding("transport.http_no_https_redirect", target.url);
  f.evidenceRequest = root.requestLine();
  f.evidenceResponse = "HTTP " + std::to_string(root.response.status) +
                       (location ? " with Location: " + *location : " (no redirect)") +
                       "; the page is served over plain HTTP";
  out.add(std::move(f));
}

HttpRequest tlsProbe(const ParsedUrl& target, bool verifyHost) {
  HttpRequest r{"GET", target.url};
  r.check = "tls";  // both probes serve every TLS check
  r.verifyTls = true;
  r.verifyHost = verifyHost;
  return r;
}

void inspectTls(const ParsedUrl& target, const FetchResult& verified, const FetchResult& chainOnly,
                FindingCollector& out) {
  if (target.scheme != "https" || verified.error != FetchError::Tls) return;
  long code = verified.response.tlsVerifyResult;
  std::string_view checkId = "tls.untrusted_chain";
  switch (code) {
    case kDepthZeroSelfSigned:
    case kSelfSignedInChain:
      checkId = "tls.self_signed";
      break;
    case kCertHasExpired:
    case kCertNotYetValid:
      checkId = "tls.expired";
      break;
    case kHostnameMismatch:
    case kIpAddressMismatch:
      checkId = "tls.hostname_mismatch";
      break;
    case kUnableToGetIssuer:
    case kUnableToGetIssuerLocal:
    case kUnableToVerifyLeaf:
      checkId = "tls.untrusted_chain";
      break;
    default:
      // libcurl checks the name itself after OpenSSL accepted the chain: if the chain alone
      // verifies, the name is what failed.
      if (chainOnly.error == FetchError::None) checkId = "tls.hostname_mismatch";
      break;
  }
  Finding f = makeFinding(checkId, target.url);
  f.evidenceRequest = verified.requestLine() + " (certificate verification on)";
  f.evidenceResponse = "TLS verification failed: " + verified.errorDetail +
                       " (OpenSSL verify result " + std::to_string(code) + ")";
  out.add(std::move(f));
}

}  // namespace ctc::scanner
