#include "ctc/scanner/checks/active/response_signatures.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ctc::scanner {
namespace {

/// True when text is well-formed UTF-8 (RFC 3629).
bool isValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80                    ? 1
                         : lead >= 0xC2 && lead <= 0xDF ? 2
                         : lead >= 0xE0 && lead <= 0xEF ? 3
                         : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                        : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

void expectWellFormedExcerpt(const SignatureMatch& match) {
  EXPECT_LE(match.excerpt.size(), kMaxExcerptLength);
  EXPECT_FALSE(match.excerpt.empty());
  for (char c : match.excerpt) {
    EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7F) << match.excerpt;
  }
  EXPECT_TRUE(isValidUtf8(match.excerpt)) << match.excerpt;
}

struct Page {
  std::string dbms;
  std::string body;
  std::string evidence;  // must appear in the excerpt
};

std::vector<Page> errorPages() {
  return {
      // SQLite
      {"SQLite",
       "<!doctype html><html><head><title>sqlite3.OperationalError: near &#34;&#39;&#34;: syntax "
       "error // Werkzeug Debugger</title></head><body>...</body></html>",
       "sqlite3.OperationalError:"},
      {"SQLite",
       "<html><body><h2>Internal error</h2><pre>Error: SQLITE_ERROR: unrecognized token: \"'1''\"\n"
       "    at Database.all (/app/node_modules/sqlite3/lib/sqlite3.js:20:25)</pre></body></html>",
       "SQLITE_ERROR: unrecognized token"},
      {"SQLite",
       "<br />\n<b>Warning</b>:  SQLite3::query(): Unable to prepare statement: 1, near \"'\": "
       "syntax error in <b>/var/www/html/item.php</b> on line <b>14</b><br />\n",
       "SQLite3::query()"},
      {"SQLite",
       "<p>Search failed</p><pre>org.sqlite.SQLiteException: [SQLITE_ERROR] SQL error or missing "
       "database (near \"'\": syntax error)\n\tat org.sqlite.core.DB.newSQLException(DB.java:1010)",
       "org.sqlite.SQLiteException"},
      {"SQLite",
       "<h2>Server Error in '/' Application.</h2><b>Exception Details:</b> "
       "System.Data.SQLite.SQLiteException: SQL logic error\r\nunrecognized token: \"'\"",
       "System.Data.SQLite.SQLiteException"},
      {"SQLite", "OperationalError at /items/\nnear \"'\": syntax error\nRequest Method: GET",
       "near \"'\": syntax error"},
      // MySQL and MariaDB
      {"MySQL",
       "<html><body>You have an error in your SQL syntax; check the manual that corresponds to "
       "your MySQL server version for the right syntax to use near ''' at line 1</body></html>",
       "You have an error in your SQL syntax"},
      {"MySQL",
       "<div class=\"error\">Error 1064: check the manual that corresponds to your MariaDB server "
       "version for the right syntax to use near '\\'' at line 1</div>",
       "MariaDB server version"},
      {"MySQL",
       "<br />\n<b>Warning</b>:  mysql_fetch_array() expects parameter 1 to be resource, boolean "
       "given in <b>/var/www/product.php</b> on line <b>23</b><br />\n",
       "mysql_fetch_array()"},
      {"MySQL",
       "Warning: mysqli_num_rows() expects parameter 1 to be mysqli_result, bool given in "
       "/srv/www/list.php on line 9",
       "mysqli_num_rows()"},
      {"MySQL",
       "<pre>HTTP Status 500\ncom.mysql.jdbc.exceptions.jdbc4.MySQLSyntaxErrorException: Unknown "
       "column 'abc' in 'where clause'</pre>",
       "com.mysql.jdbc.exceptions"},
      {"MySQL",
       "PDOException: SQLSTATE[42000]: Syntax error or access violation: 1064 near 'x' at line 1",
       "SQLSTATE[42000]: Syntax error or access violation"},
      // PostgreSQL
      {"PostgreSQL",
       "<br />\n<b>Warning</b>:  pg_query(): Query failed: ERROR:  syntax error at or near "
       "&quot;'&quot;\nLINE 1: SELECT * FROM items WHERE id=1'\n",
       "pg_query()"},
      {"PostgreSQL",
       "<pre>org.postgresql.util.PSQLException: ERROR: unterminated quoted string at or near "
       "\"'\"\n  Position: 38</pre>",
       "org.postgresql.util.PSQLException"},
      {"PostgreSQL",
       "<h1>ActiveRecord::StatementInvalid</h1><p>PG::SyntaxError: ERROR:  syntax error at or near "
       "\"'\"</p>",
       "PG::SyntaxError"},
      {"PostgreSQL",
       "Traceback (most recent call last):\n  File \"app.py\", line 12\n"
       "psycopg2.errors.SyntaxError: syntax error at or near \"'\"\nLINE 1: ...",
       "psycopg2.errors.SyntaxError"},
      {"PostgreSQL", "<p>ERROR:  invalid input syntax for type integer: \"1'\"</p>",
       "invalid input syntax for type integer"},
      // Microsoft SQL Server
      {"Microsoft SQL Server",
       "<h2><i>Unclosed quotation mark after the character string ''.</i></h2>"
       "<b>Exception Details: </b>System.Data.SqlClient.SqlException: Unclosed quotation mark",
       "Unclosed quotation mark after the character string"},
      {"Microsoft SQL Server",
       "<font face=\"Arial\" size=2><p>Microsoft OLE DB Provider for SQL Server</font> "
       "<font face=\"Arial\" size=2>error '80040e14'</font>",
       "error '80040e14'"},
      {"Microsoft SQL Server",
       "SQLSTATE[42000]: [Microsoft][ODBC Driver 17 for SQL Server][SQL Server]Incorrect syntax "
       "near 'x'.",
       "[Microsoft][ODBC Driver 17 for SQL Server]"},
      {"Microsoft SQL Server",
       "[SqlException (0x80131904): Conversion failed when converting the varchar value 'abc' to "
       "data type int.]",
       "SqlException (0x80131904)"},
      // Oracle
      {"Oracle",
       "<pre>java.sql.SQLSyntaxErrorException: ORA-00933: SQL command not properly ended\n</pre>",
       "ORA-00933"},
      {"Oracle",
       "<br />\n<b>Warning</b>:  oci_execute(): ORA-01756: quoted string not properly terminated "
       "in <b>/var/www/x.php</b> on line <b>7</b><br />",
       "oci_execute()"},
      {"Oracle", "<p>Database failure: ORA-12899: value too large for column \"NAME\"</p>",
       "ORA-12899: value too large"},
      {"Oracle", "Microsoft OLE DB Provider for Oracle error '80004005'",
       "Oracle error '80004005'"},
      {"Oracle", "<p>Error: quoted string not properly terminated</p>",
       "quoted string not properly terminated"},
  };
}

TEST(SignaturesSql, RecognisesEachDbmsOnRealisticErrorPages) {
  for (const auto& page : errorPages()) {
    auto match = findSqlError(page.body);
    ASSERT_TRUE(match) << page.body;
    EXPECT_EQ(match->what, page.dbms) << page.body;
    EXPECT_NE(match->excerpt.find(page.evidence), std::string::npos)
        << "excerpt: " << match->excerpt;
    expectWellFormedExcerpt(*match);
  }
}

TEST(SignaturesSql, IgnoresPagesThatOnlyTalkAboutSql) {
  const std::vector<std::string> innocent = {
      // An article about SQL errors that never uses an error's exact wording.
      "<article><h1>Understanding SQL syntax errors</h1><p>When a query has a syntax error, "
      "MySQL, MariaDB, PostgreSQL and SQLite each report it differently; always check the manual "
      "for your server version. An error near the WHERE clause usually means a missing quote. "
      "Oracle errors are documented by Oracle, and .NET code should catch SqlException. The old "
      "mysql_fetch_array() and pg_query() functions, the com.mysql.jdbc.Driver class and "
      "PSQLException all appear in tutorials. SQLITE_ERROR is result code 1.</p></article>",
      // A page full of "ORA" words.
      "<p>ORANGE county ORACLE users met at the ORAL history museum. The ORA-TECH team and "
      "ORA-123 shipped Oracle Database 19c. An Oracle error handling guide follows.</p>",
      // Ordinary application page.
      "<html><head><title>Products</title></head><body><ul><li>Syntax highlighting "
      "plugin</li><li>Error-free delivery, near you</li></ul></body></html>",
      "",
  };
  for (const auto& body : innocent) {
    auto match = findSqlError(body);
    EXPECT_FALSE(match) << body << "\nmatched as " << (match ? match->what : "");
  }
}

TEST(SignaturesSql, ReportsTheLeftmostError) {
  std::string body =
      "<p>[SqlException (0x80131904): Incorrect syntax near 'x'.]</p><p>footer: You have an error "
      "in your SQL syntax</p>";
  auto match = findSqlError(body);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->what, "Microsoft SQL Server");
}

TEST(SignaturesSql, ScansLargeBodiesAndFindsErrorsAtTheEnd) {
  std::string filler;
  while (filler.size() < (2u << 20)) {
    filler +=
        "<p>Lorem ipsum syntax error near the SQL server; ORACLE ORA ORA-1 select from "
        "where \"quoted\" 'text' Warning: nothing</p>\n";
  }
  EXPECT_FALSE(findSqlError(filler));
  // One long line without newlines: the gaps in the signatures cannot run away.
  std::string oneLine(2u << 20, 'a');
  for (std::size_t i = 0; i < oneLine.size(); i += 97) oneLine[i] = '"';
  EXPECT_FALSE(findSqlError("near \"" + oneLine));

  auto match = findSqlError(filler + "ORA-00942: table or view does not exist");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->what, "Oracle");
}

TEST(SignaturesSql, ExcerptIsOneBoundedLineOfValidUtf8) {
  std::string before;
  for (int i = 0; i < 100; ++i) before += "\xC3\xA9";  // é
  std::string after = "\xFF\xFE\r\n\t";
  for (int i = 0; i < 100; ++i) after += "\xE2\x82\xAC";  // €
  auto match = findSqlError(before + "\nORA-00933: SQL command not properly ended" + after);
  ASSERT_TRUE(match);
  EXPECT_NE(match->excerpt.find("ORA-00933: SQL command not properly ended"), std::string::npos);
  expectWellFormedExcerpt(*match);

  // A match longer than the excerpt is cut to its first kMaxExcerptLength bytes.
  auto longMatch = findSqlError("x near \"" + std::string(5000, 'q') + "\": syntax error");
  ASSERT_TRUE(longMatch);
  EXPECT_EQ(longMatch->what, "SQLite");
  EXPECT_EQ(longMatch->excerpt.rfind("near \"qqq", 0), 0u) << longMatch->excerpt;
  EXPECT_EQ(longMatch->excerpt.size(), kMaxExcerptLength);
  expectWellFormedExcerpt(*longMatch);
}

constexpr std::string_view kLinuxPasswd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n";

TEST(SignaturesFile, DetectsEtcPasswd) {
  const std::vector<std::string> bodies = {
      std::string(kLinuxPasswd),
      "<html><body><h1>Document</h1><pre>" + std::string(kLinuxPasswd) + "</pre></body></html>",
      "<div>root:x:0:0:root:/root:/bin/bash<br>daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin<br>",
      // Printed after the application's own text (an XML entity inside a message).
      "<pre>Synced: " + std::string(kLinuxPasswd) + "</pre>",
      // FreeBSD: no x, a csh shell, and toor with an empty shell field.
      "root:*:0:0:Charlie &:/root:/bin/csh\ntoor:*:0:0:Bourne-again Superuser:/root:\n",
  };
  for (const auto& body : bodies) {
    auto match = findFileContent(body);
    ASSERT_TRUE(match) << body;
    EXPECT_EQ(match->what, "/etc/passwd");
    EXPECT_NE(match->excerpt.find("root:"), std::string::npos) << match->excerpt;
    expectWellFormedExcerpt(*match);
  }
}

TEST(SignaturesFile, DetectsWinIni) {
  const std::vector<std::string> bodies = {
      "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n"
      "[Mail]\r\nMAPI=1\r\n",
      "[fonts]\r\n[extensions]\r\n[mci extensions]\r\n[files]\r\n",
      "<pre>[fonts]\n[extensions]\n[files]\n</pre>",
  };
  for (const auto& body : bodies) {
    auto match = findFileContent(body);
    ASSERT_TRUE(match) << body;
    EXPECT_EQ(match->what, "win.ini");
    expectWellFormedExcerpt(*match);
  }
}

TEST(SignaturesFile, IgnoresLookAlikes) {
  const std::vector<std::string> innocent = {
      // One passwd entry quoted in an article is not a passwd file.
      "<p>A typical entry looks like <code>root:x:0:0:root:/root:/bin/bash</code>.</p>",
      "<p>Example:</p><pre>root:x:0:0:root:/root:/bin/bash</pre><p>That is all.</p>",
      // Colon-separated data that is not passwd.
      "10:00:00 root:x:0:0 login ok\n10:00:05 user:x:1000:1000 login ok\n",
      "root:abc:0:0:admin\nuser:def:1:1:guest\n",
      "user:x:1000:1000:User:/home/user:/bin/bash\nother:x:1001:1001::/home/other:/bin/sh\n",
      // Entries that do not start lines.
      "root:x:0:0:root:/root:/bin/bash daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
      "chroot:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
      // INI sections named in prose, and unrelated INI files.
      "<p>win.ini has [fonts] and [extensions] sections.</p>",
      "[fonts]\r\nsize=12\r\n" + std::string(600, '#') + "\r\n[extensions]\r\n",
      "[extensions]\n[fonts]\n",
      "",
  };
  for (const auto& body : innocent) {
    auto match = findFileContent(body);
    EXPECT_FALSE(match) << body << "\nmatched as " << (match ? match->what : "");
  }
}

TEST(SignaturesFile, EarlierFileWins) {
  std::string body = "[fonts]\n[extensions]\n" + std::string(kLinuxPasswd);
  auto match = findFileContent(body);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->what, "win.ini");
  match = findFileContent(std::string(kLinuxPasswd) + "; for 16-bit app support\n");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->what, "/etc/passwd");
}

}  // namespace
}  // namespace ctc::scanner
