#include "ctc/scanner/checks/active/response_signatures.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <memory>

namespace ctc::scanner {
namespace {

struct Signature {
  std::string_view dbms;
  std::string_view pattern;  // RE2 syntax, no capturing groups of its own
};

// sqlmap's data/xml/errors.xml and Wapiti's mod_sql are the references. Their bare words
// ("SqlException", "Oracle error", "mysql_fetch") match documentation pages, so each signature
// here carries the error's own wording, a fully qualified exception class, or a PHP warning
// prefix. Gaps are [^\n]*? (a match never spans lines) and never counted repetitions, which
// would multiply the DFA's states. Placeholders, expanded before compiling:
//   {DQ}       a double quote as the DBMS prints it, as an HTML page escapes it, or as a JSON
//              string escapes it (\");
//   {WARNING}  a PHP warning prefix, plain ("Warning: ") or HTML ("<b>Warning</b>:  ").
constexpr std::string_view kDoubleQuote = R"re((?:\\?"|&quot;|&#34;|&#x22;))re";
constexpr std::string_view kPhpWarning = R"re(Warning(?:</b>)?:\s+)re";

constexpr std::array kSqlSignatures = {
    // MySQL and MariaDB
    Signature{"MySQL", R"re(You have an error in your SQL syntax)re"},
    Signature{
        "MySQL",
        R"re(check the manual that (?:corresponds to|fits) your (?:MySQL|MariaDB) server version)re"},
    Signature{"MySQL", R"re({WARNING}(?:mysqli?_\w+|mysqli(?:_stmt|_result)?::\w+)\(\))re"},
    Signature{"MySQL",
              R"re(mysqli?_\w+\(\) expects parameter \d+ to be (?:resource|mysqli(?:_result)?))re"},
    Signature{"MySQL", R"re(supplied argument is not a valid MySQL(?: result| link)? resource)re"},
    Signature{"MySQL", R"re(com\.mysql\.(?:cj\.)?jdbc\.[\w.$]*(?:Exception|SQLError))re"},
    Signature{"MySQL", R"re(MySQLSyntaxErrorException)re"},
    Signature{"MySQL", R"re(MySql\.Data\.MySqlClient\.MySqlException)re"},
    Signature{"MySQL", R"re(SQLSTATE\[\w{5}\]: Syntax error or access violation)re"},
    Signature{
        "MySQL",
        R"re(Unknown column '[^'\n]+' in '(?:field list|where clause|order clause|having clause|on clause)')re"},
    // PostgreSQL
    Signature{"PostgreSQL", R"re({WARNING}pg_\w+\(\))re"},
    Signature{"PostgreSQL", R"re(pg_\w+\(\): Query failed:)re"},
    Signature{"PostgreSQL", R"re(org\.postgresql\.util\.PSQLException)re"},
    Signature{"PostgreSQL", R"re(PSQLException: ERROR:)re"},
    Signature{"PostgreSQL", R"re(ERROR:\s+syntax error at (?:or near|end of input))re"},
    Signature{"PostgreSQL", R"re(syntax error at or near {DQ})re"},
    Signature{"PostgreSQL", R"re(unterminated quoted string at or near {DQ})re"},
    Signature{"PostgreSQL", R"re(invalid input syntax for (?:type )?\w+: {DQ})re"},
    Signature{"PostgreSQL", R"re(PG::SyntaxError|PG::\w+: ERROR:)re"},
    Signature{"PostgreSQL", R"re(psycopg2?\.(?:errors\.)?\w*Error: )re"},
    Signature{"PostgreSQL", R"re(Npgsql\.(?:PostgresException|NpgsqlException))re"},
    Signature{"PostgreSQL", R"re(PostgreSQL query failed:)re"},
    // Microsoft SQL Server
    Signature{"Microsoft SQL Server", R"re(Unclosed quotation mark after the character string)re"},
    Signature{
        "Microsoft SQL Server",
        R"re(Microsoft OLE DB Provider for SQL Server[^\n]*?(?:error '|\(0x)[0-9a-fA-F]{8})re"},
    Signature{
        "Microsoft SQL Server",
        R"re((?:System|Microsoft)\.Data\.SqlClient\.SqlException|SqlException \(0x[0-9a-fA-F]{8}\))re"},
    Signature{"Microsoft SQL Server", R"re(\]\[SQL Server\])re"},
    Signature{
        "Microsoft SQL Server",
        R"re(\[Microsoft\]\[(?:ODBC SQL Server Driver|ODBC Driver \d+ for SQL Server|SQL Server Native Client [\d.]+)\])re"},
    Signature{"Microsoft SQL Server", R"re(Incorrect syntax near (?:the keyword )?')re"},
    Signature{"Microsoft SQL Server", R"re(Conversion failed when converting the \w+ value ')re"},
    Signature{"Microsoft SQL Server", R"re(com\.microsoft\.sqlserver\.jdbc\.SQLServerException)re"},
    Signature{"Microsoft SQL Server", R"re({WARNING}(?:mssql|sqlsrv)_\w+\(\))re"},
    // Oracle
    Signature{"Oracle", R"re(\bORA-0\d{4}\b|\bORA-\d{5}: )re"},
    Signature{"Oracle", R"re(quoted string not properly terminated)re"},
    Signature{"Oracle", R"re(SQL command not properly ended)re"},
    Signature{"Oracle", R"re(\bOracle error(?: '[0-9a-fA-F]{8}'|:))re"},
    Signature{"Oracle", R"re(oracle\.jdbc\.[\w.$]*Exception)re"},
    Signature{
        "Oracle",
        R"re((?:Oracle\.(?:Managed)?DataAccess\.Client|System\.Data\.OracleClient)\.OracleException)re"},
    Signature{"Oracle", R"re({WARNING}(?:oci|ora)_\w+\(\))re"},
    // SQLite
    Signature{"SQLite", R"re(sqlite3\.(?:OperationalError|ProgrammingError|DatabaseError):)re"},
    Signature{"SQLite", R"re(\[SQLITE_ERROR\]|\bSQLITE_ERROR: )re"},
    Signature{"SQLite", R"re(\bnear {DQ}[^\n]*?{DQ}: syntax error)re"},
    Signature{"SQLite", R"re(unrecognized token: {DQ})re"},
    Signature{"SQLite", R"re({WARNING}(?:sqlite_\w+|SQLite3(?:Stmt|Result)?::\w+)\(\))re"},
    Signature{"SQLite", R"re(SQLite3::\w+\(\): Unable to (?:prepare|execute) statement)re"},
    Signature{"SQLite", R"re(SQLite3::SQLException)re"},
    Signature{
        "SQLite",
        R"re((?:System\.Data\.SQLite\.|org\.sqlite\.|android\.database\.sqlite\.)SQLite\w*Exception)re"},
    Signature{"SQLite", R"re(Microsoft\.Data\.Sqlite\.SqliteException|\bSQLiteException: )re"},
    Signature{"SQLite", R"re(SQLite error \d+:)re"},
};

void replaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

/// All signatures as one alternation, one capturing group each, so a single linear scan finds the
/// leftmost match and the group says which signature (and so which DBMS) it was.
const RE2& sqlErrorRegex() {
  static const std::unique_ptr<RE2> kRegex = [] {
    std::string pattern;
    for (const auto& signature : kSqlSignatures) {
      if (!pattern.empty()) pattern += '|';
      pattern += '(';
      pattern += signature.pattern;
      pattern += ')';
    }
    replaceAll(pattern, "{DQ}", kDoubleQuote);
    replaceAll(pattern, "{WARNING}", kPhpWarning);
    RE2::Options options(RE2::Latin1);  // ASCII patterns; any byte of a body is one character
    options.set_log_errors(false);
    // The alternation's DFA is larger than the 8 MiB default budget can cache on big bodies;
    // running out would drop RE2 to its much slower NFA.
    options.set_max_mem(64 << 20);
    return std::make_unique<RE2>(pattern, options);
  }();
  return *kRegex;
}

bool isUtf8Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Length of the well-formed UTF-8 sequence at the start of text (RFC 3629), or 0 if none.
std::size_t utf8SequenceLength(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char secondMin = 0x80;
  unsigned char secondMax = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) secondMin = 0xA0;  // overlong
    if (lead == 0xED) secondMax = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) secondMin = 0x90;  // overlong
    if (lead == 0xF4) secondMax = 0x8F;  // above U+10FFFF
  }
  if (length == 0 || length > text.size()) return 0;
  if (byte(1) < secondMin || byte(1) > secondMax) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!isUtf8Continuation(text[i])) return 0;
  }
  return length;
}

/// [begin, end) of body plus context, as one line of valid UTF-8 of at most kMaxExcerptLength
/// bytes: control characters become spaces, whitespace runs collapse, invalid bytes become '?'.
std::string excerptAround(std::string_view body, std::size_t begin, std::size_t end) {
  constexpr std::size_t kContextBefore = 60;
  end = std::min(end, begin + kMaxExcerptLength);
  std::size_t room = kMaxExcerptLength - (end - begin);
  std::size_t from = begin - std::min({kContextBefore, room, begin});
  std::size_t to = std::min(body.size(), end + (room - (begin - from)));
  while (from < begin && isUtf8Continuation(body[from])) ++from;
  while (to < body.size() && to > from && isUtf8Continuation(body[to])) --to;

  std::string out;
  out.reserve(to - from);
  std::string_view text = body.substr(from, to - from);
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++i;
    } else if (std::size_t length = utf8SequenceLength(text.substr(i)); length > 0) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += '?';
      ++i;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct Found {
  std::size_t begin;
  std::size_t end;
};

/// The first match of re in body at or after offset, as byte offsets into body.
std::optional<Found> search(const RE2& re, std::string_view body, std::size_t offset = 0) {
  re2::StringPiece text(body.data(), body.size());
  re2::StringPiece match;
  if (!re.ok() || offset > body.size() ||
      !re.Match(text, offset, body.size(), RE2::UNANCHORED, &match, 1)) {
    return std::nullopt;
  }
  auto begin = static_cast<std::size_t>(match.data() - body.data());
  return Found{begin, begin + match.size()};
}

// How far after the first line the second one may start; both files keep them adjacent.
constexpr std::size_t kNextLineWindow = 512;

/// The first match of `first` that a match of `second` follows within kNextLineWindow bytes, from
/// the start of the one to the end of the other. Linear: both searches only move forward.
std::optional<Found> findPair(const RE2& first, const RE2& second, std::string_view body) {
  std::optional<Found> next;  // the first match of `second` at or after the current head's end
  for (std::size_t offset = 0;;) {
    auto head = search(first, body, offset);
    if (!head) return std::nullopt;
    if (!next || next->begin < head->end) {
      next = search(second, body, head->end);
      if (!next) return std::nullopt;
    }
    if (next->begin - head->end <= kNextLineWindow) return Found{head->begin, next->end};
    offset = head->end;
  }
}

// In the file patterns a line starts at a newline or, when the file is echoed inside HTML, after
// a tag. The root entry may follow other text ("Synced: root:x:0:0:..."): an entity or an
// include lands wherever the application prints the value; the second entry still starts a line.
std::optional<Found> findPasswd(std::string_view body) {
  // The root entry with all seven fields: root:x:0:0:gecos:/home:/shell.
  static const RE2 kRoot(
      R"re((?m)(?:^|[^A-Za-z0-9_.$-])root:[^:\n]*:0:0:[^:\n]*:/[^:\n]*:/[^\s:<]*)re", RE2::Latin1);
  // Any entry: name:password:uid:gid:gecos:/home:shell.
  static const RE2 kEntry(
      R"re((?m)(?:^|>)[ \t]*[a-z_][a-z0-9_.-]*\$?:[^:\n]*:\d+:\d+:[^:\n]*:/[^:\n]*:[^:\n]*)re",
      RE2::Latin1);
  return findPair(kRoot, kEntry, body);
}

std::optional<Found> findWinIni(std::string_view body) {
  static const RE2 kComment(R"re(; for 16-bit app support)re", RE2::Latin1);
  static const RE2 kFonts(R"re((?m)(?:^|>)[ \t]*\[fonts\][ \t]*(?:\r?$|<))re", RE2::Latin1);
  static const RE2 kExtensions(R"re((?m)(?:^|>)[ \t]*\[extensions\][ \t]*(?:\r?$|<))re",
                               RE2::Latin1);
  auto comment = search(kComment, body);
  auto sections = findPair(kFonts, kExtensions, body);
  if (comment && (!sections || comment->begin < sections->begin)) return comment;
  return sections;
}

}  // namespace

std::optional<SignatureMatch> findSqlError(std::string_view body) {
  const RE2& re = sqlErrorRegex();
  if (!re.ok()) return std::nullopt;
  constexpr int kGroups = static_cast<int>(kSqlSignatures.size());
  std::array<re2::StringPiece, kGroups + 1> groups;
  re2::StringPiece text(body.data(), body.size());
  if (!re.Match(text, 0, body.size(), RE2::UNANCHORED, groups.data(), kGroups + 1)) {
    return std::nullopt;
  }
  for (int i = 1; i <= kGroups; ++i) {
    if (groups[i].data() == nullptr) continue;
    auto begin = static_cast<std::size_t>(groups[i].data() - body.data());
    return SignatureMatch{std::string(kSqlSignatures[i - 1].dbms),
                          excerptAround(body, begin, begin + groups[i].size())};
  }
  return std::nullopt;
}

std::optional<SignatureMatch> findStackTrace(std::string_view body) {
  struct Trace {
    const char* runtime;
    RE2 re;
  };
  // Each needs a frame's own shape (file and line, or a qualified method with its source file),
  // not words a page could use: "exception" or "stack trace" alone never match.
  static const std::array<Trace, 7> kTraces{{
      {"Python",
       RE2(R"re(Traceback \(most recent call last\):\s+File "[^"\n]+", line \d+)re", RE2::Latin1)},
      {"Java",
       RE2(R"re((?:[a-z][\w$]*\.){2,}[A-Z][\w$]*(?:Exception|Error)\b[^\n]*\n\s*at (?:[\w$]+\.)+[\w$<>]+\([\w$]+\.java:\d+\))re",
           RE2::Latin1)},
      {".NET",
       RE2(R"re((?:\[[A-Za-z]+Exception[^\]]*\]|[A-Z]\w+Exception:)[^\n]*\n?\s*at (?:[\w`]+\.)+[\w`<>]+\([^)\n]*\)(?: in [^\n]+:line \d+)?)re",
           RE2::Latin1)},
      {"PHP",
       RE2(R"re((?:Fatal error|Uncaught [A-Z]\w*)(?:</b>)?:[^\n]{0,300} in (?:<b>)?/[^\s<]+\.php(?:</b>)? on line (?:<b>)?\d+)re",
           RE2::Latin1)},
      {"Node.js",
       RE2(R"re(\b(?:[A-Z]\w*Error)(?:: [^\n]*)?\n\s+at (?:[\w$.<>\[\] ]+ \()?(?:/|file://|[A-Z]:\\)[^\s:()]+\.(?:js|mjs|cjs|ts):\d+:\d+)re",
           RE2::Latin1)},
      {"Ruby", RE2(R"re((?m)^\s*(?:from )?/?[\w./-]+\.rb:\d+:in [`'][^'\n]+')re", RE2::Latin1)},
      {"Go", RE2(R"re(goroutine \d+ \[running\]:\n)re", RE2::Latin1)},
  }};
  std::optional<SignatureMatch> first;
  std::size_t firstAt = body.size();
  for (const auto& trace : kTraces) {
    auto found = search(trace.re, body);
    if (found && found->begin < firstAt) {
      firstAt = found->begin;
      first = SignatureMatch{trace.runtime, excerptAround(body, found->begin, found->end)};
    }
  }
  return first;
}

std::optional<SignatureMatch> findFileContent(std::string_view body) {
  auto passwd = findPasswd(body);
  auto winIni = findWinIni(body);
  if (passwd && (!winIni || passwd->begin <= winIni->begin)) {
    return SignatureMatch{"/etc/passwd", excerptAround(body, passwd->begin, passwd->end)};
  }
  if (winIni) return SignatureMatch{"win.ini", excerptAround(body, winIni->begin, winIni->end)};
  return std::nullopt;
}

}  // namespace ctc::scanner
