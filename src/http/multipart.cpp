#include "ctc/http/multipart.hpp"

#include <strings.h>

#include <algorithm>

namespace ctc::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

/// The value of `key` in a header's parameters: form-data; name="file"; filename="a.yaml".
std::string parameter(std::string_view header, std::string_view key) {
  std::size_t at = 0;
  while ((at = header.find(';', at)) != std::string_view::npos) {
    std::string_view rest = trim(header.substr(at + 1));
    ++at;
    if (!startsWithNoCase(rest, key) || rest.size() <= key.size() || rest[key.size()] != '=')
      continue;
    std::string_view value = rest.substr(key.size() + 1);
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (std::size_t i = 1; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        out += value[i];
      }
      return out;
    }
    return std::string(trim(value.substr(0, value.find(';'))));
  }
  return "";
}

}  // namespace

Result<std::optional<std::string>> multipartBoundary(std::string_view contentType) {
  if (!startsWithNoCase(trim(contentType), "multipart/form-data"))
    return std::optional<std::string>();
  std::string boundary = parameter(contentType, "boundary");
  if (boundary.empty() || boundary.size() > 70)
    return Error::badRequest(
        "multipart/form-data needs a boundary parameter of 1 to 70 "
        "characters in Content-Type");
  return std::optional<std::string>(boundary);
}

Result<std::optional<MultipartPart>> findMultipartPart(std::string_view body,
                                                       const std::string& boundary,
                                                       std::string_view field) {
  const std::string delimiter = "--" + boundary;
  auto malformed = [](const std::string& why) {
    return Error::badRequest("malformed multipart body: " + why);
  };
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return malformed("the boundary from Content-Type is not in it");
  std::optional<MultipartPart> found;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") break;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return malformed("a delimiter not followed by CRLF");
    at += 2;
    std::size_t headersEnd = body.find("\r\n\r\n", at);
    // A part with no headers at all starts with the blank line itself.
    if (body.substr(at, 2) == "\r\n") headersEnd = at - 2;
    // The blank line comes before the next delimiter (else two parts would be read as one, the
    // second one's body under the first one's name).
    if (headersEnd == std::string_view::npos || body.find("\r\n" + delimiter, at - 2) < headersEnd)
      return malformed("a part without a blank line after its headers");
    // None when the part has none (headersEnd is then before `at`; the difference would wrap
    // and take the rest of the body, later parts' headers and all, as this part's).
    std::string_view headers = body.substr(at, headersEnd < at ? 0 : headersEnd - at);
    std::size_t contentStart = headersEnd + 4;
    std::size_t next = body.find("\r\n" + delimiter, contentStart);
    if (next == std::string_view::npos) return malformed("no closing delimiter");
    MultipartPart part;
    std::size_t line = 0;
    while (line < headers.size()) {
      std::size_t eol = headers.find("\r\n", line);
      if (eol == std::string_view::npos) eol = headers.size();
      std::string_view h = headers.substr(line, eol - line);
      if (startsWithNoCase(h, "content-disposition:")) {
        part.name = parameter(h, "name");
        part.filename = parameter(h, "filename");
      } else if (startsWithNoCase(h, "content-type:")) {
        part.contentType = std::string(trim(h.substr(13)));
      }
      line = eol + 2;
    }
    if (!found && part.name == field) {
      part.body = std::string(body.substr(contentStart, next - contentStart));
      found = std::move(part);
    }
    at = next + 2;
  }
  return found;
}

}  // namespace ctc::http
