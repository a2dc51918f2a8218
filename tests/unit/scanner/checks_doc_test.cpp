// api/checks.md against the check catalogue: one row per check, and the id, family, severity,
// CWE and OWASP cells of each row copied from the catalogue, so neither can change alone.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ctc/scanner/check_catalog.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kColumns = 9;  // id, family, severity, CWE, OWASP, proof, guard, ZAP, Wapiti

std::string trim(const std::string& s) {
  auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

/// The cells of a Markdown table row "| a | b |"; "\|" is a pipe inside a cell.
std::vector<std::string> cellsOf(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

/// "`sqli.error`" -> "sqli.error"; "" when the cell is not one backticked id.
std::string backtickedId(const std::string& cell) {
  if (cell.size() < 3 || cell.front() != '`' || cell.back() != '`') return "";
  std::string id = cell.substr(1, cell.size() - 2);
  if (id.find('`') != std::string::npos || id.find('.') == std::string::npos) return "";
  return id;
}

struct DocTable {
  std::map<std::string, std::vector<std::string>> rows;  // check id -> cells
  std::vector<std::string> duplicates;
};

DocTable readChecksDoc() {
  std::ifstream in(std::string(CTC_SOURCE_DIR) + "/api/checks.md");
  EXPECT_TRUE(in) << "cannot open api/checks.md";
  DocTable table;
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (!line.starts_with('|')) continue;
    auto cells = cellsOf(line);
    if (cells.empty()) continue;
    std::string id = backtickedId(cells.front());
    if (id.empty()) continue;
    if (!table.rows.emplace(id, cells).second) table.duplicates.push_back(id);
  }
  return table;
}

TEST(ChecksDoc, OneRowPerCatalogueCheck) {
  DocTable doc = readChecksDoc();
  EXPECT_TRUE(doc.duplicates.empty()) << "checks with more than one row, first: "
                                      << (doc.duplicates.empty() ? "" : doc.duplicates.front());
  std::set<std::string> catalogue;
  for (const auto& check : checkCatalog()) catalogue.emplace(check.id);
  for (const auto& id : catalogue)
    EXPECT_TRUE(doc.rows.count(id)) << id << " is in the catalogue but has no row in checks.md";
  for (const auto& [id, cells] : doc.rows)
    EXPECT_TRUE(catalogue.count(id)) << id << " has a row in checks.md but is not in the catalogue";
}

TEST(ChecksDoc, RowValuesMatchCatalogue) {
  DocTable doc = readChecksDoc();
  for (const auto& check : checkCatalog()) {
    auto row = doc.rows.find(std::string(check.id));
    if (row == doc.rows.end()) continue;  // reported by OneRowPerCatalogueCheck
    const auto& cells = row->second;
    ASSERT_EQ(cells.size(), kColumns) << check.id << ": the row must have " << kColumns << " cells";
    EXPECT_EQ(cells[1], check.family) << check.id << ": family";
    EXPECT_EQ(cells[2], toString(check.severity)) << check.id << ": severity";
    EXPECT_EQ(cells[3], std::to_string(check.cwe)) << check.id << ": CWE";
    EXPECT_EQ(cells[4], check.owasp) << check.id << ": OWASP 2021";
  }
}

}  // namespace
}  // namespace ctc::scanner
