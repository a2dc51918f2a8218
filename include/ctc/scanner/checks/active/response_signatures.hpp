#pragma once
/// Content signatures the active checks look for in a response body: database error messages
/// (error-based SQL injection) and the contents of well-known system files (path traversal /
/// file inclusion). Pure functions over the body text; no I/O.
#include <optional>
#include <string>
#include <string_view>

namespace ctc::scanner {

struct SignatureMatch {
  /// What was recognised: a DBMS ("SQLite", "MySQL", "PostgreSQL", "Microsoft SQL Server",
  /// "Oracle"; MariaDB counts as "MySQL") or a file ("/etc/passwd", "win.ini").
  std::string what;
  /// The matched text with a little context (a match longer than the limit is cut to its start):
  /// at most kMaxExcerptLength bytes on one line, control characters turned into spaces and
  /// whitespace runs collapsed, always valid UTF-8 (invalid bytes become '?'). Evidence for a
  /// finding.
  std::string excerpt;
};

inline constexpr std::size_t kMaxExcerptLength = 200;

/// The leftmost DBMS error message in body, as web applications leak them (the signatures follow
/// sqlmap's data/xml/errors.xml and Wapiti's mod_sql, tightened so that a page that merely talks
/// about SQL or mentions a driver class does not match: each one needs the error's own wording,
/// an exception class in its package, or a PHP "Warning:" prefix). nullopt when none matches.
/// Linear in body.size() (one compiled-once RE2); bodies of several MiB are fine.
/// Thread-safe; never throws except std::bad_alloc.
std::optional<SignatureMatch> findSqlError(std::string_view body);

/// Proof that body contains a system file:
///  - "/etc/passwd": a root entry with all seven fields (root:x:0:0:gecos:/home:/shell) followed
///    by a second passwd-format entry, as every real passwd file has;
///  - "win.ini": the "; for 16-bit app support" comment, or a "[fonts]" section line followed
///    closely by an "[extensions]" section line.
/// Lines may start after an HTML tag (a file echoed inside <pre>). When both files match, the
/// earlier one in body wins. nullopt when neither matches. Linear in body.size().
/// Thread-safe; never throws except std::bad_alloc.
std::optional<SignatureMatch> findFileContent(std::string_view body);

/// A stack trace an application leaked, with a frame's own shape: Python ("Traceback (most
/// recent call last):" and a File/line frame), Java (an exception class and an "at ...(X.java:N)"
/// frame), .NET, PHP (Fatal error/Uncaught ... in /x.php on line N), Node.js (an Error and a
/// ".js:L:C" frame), Ruby (x.rb:N:in `m') or Go (goroutine N [running]). `what` is the runtime.
/// The earliest match wins; nullopt when none. Linear in body.size(). Thread-safe.
std::optional<SignatureMatch> findStackTrace(std::string_view body);

}  // namespace ctc::scanner
