#include "ctc/scanner/session/session_guard.hpp"

#include <re2/re2.h>

namespace ctc::scanner {

bool endsSessionOrData(const ParsedUrl& url) {
  // Words at segment or word boundaries, so "/blog/logouts-explained" still matches but
  // "/catalog" or "/resetting-expectations-in-design" is not cut by a bare substring.
  static const RE2 kEnds(
      R"re((?i)(^|[/_.?&=-])(log[-_]?out|log[-_]?off|sign[-_]?out|sign[-_]?off|logoff|end[-_]?session|reset|wipe|purge|destroy|truncate|deactivate|unsubscribe|delete[-_]?(account|user|me|profile)|(remove|close)[-_]?account)([/_.?&=-]|$))re");
  std::string where = url.path + (url.query.empty() ? "" : "?" + url.query);
  return RE2::PartialMatch(where, kEnds);
}

bool changesPassword(const HtmlForm& form) {
  static const RE2 kNewPassword(
      R"re((?i)^(pass(word)?|pwd)[-_]?(new|conf|confirm|confirmation|again|repeat|2)$|^(new|confirm)[-_]?(pass(word)?|pwd)\d?$)re");
  for (const auto& field : form.fields)
    if (RE2::FullMatch(field.name, kNewPassword)) return true;
  return false;
}

}  // namespace ctc::scanner
