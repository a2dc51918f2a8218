#include "ctc/report/curl_command.hpp"

#include <cctype>

namespace ctc::report {
namespace {

/// 'text' for a POSIX shell: a quote inside becomes '\''.
std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

bool isMethod(std::string_view word) {
  if (word.empty() || word.size() > 16) return false;
  for (char c : word)
    if (!std::isupper(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::string curlCommand(std::string_view evidence) {
  auto lineEnd = evidence.find('\n');
  std::string_view first = evidence.substr(0, lineEnd);
  auto space = first.find(' ');
  if (space == std::string_view::npos) return "";
  std::string_view method = first.substr(0, space), url = first.substr(space + 1);
  if (!isMethod(method) || !(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) ||
      url.find_first_of(" \t\r") != std::string_view::npos)
    return "";
  std::string out = "curl -i";
  if (method == "HEAD")
    out += " -I";
  else if (method != "GET")
    out += " -X " + std::string(method);
  out += " " + quoted(url);
  std::string_view rest = lineEnd == std::string_view::npos ? "" : evidence.substr(lineEnd + 1);
  while (!rest.empty()) {
    auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
    if (line.empty()) {  // the body follows, as it is
      out += " --data-binary " + quoted(rest);
      break;
    }
    out += " -H " + quoted(line);
  }
  return out;
}

}  // namespace ctc::report
