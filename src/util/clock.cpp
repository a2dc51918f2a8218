#include "ctc/util/clock.hpp"

#include <cctype>

namespace ctc {
namespace {

/// `width` digits at text[at], advancing `at`.
std::optional<int> digits(std::string_view text, std::size_t& at, std::size_t width) {
  if (at + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    char c = text[at + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  at += width;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

}  // namespace

std::string iso8601(std::time_t t) {
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string nowIso8601() {
  return iso8601(std::time(nullptr));
}

std::optional<std::time_t> parseIso8601(std::string_view text) {
  std::size_t at = 0;
  std::tm tm{};
  auto year = digits(text, at, 4);
  if (!year || !expect(text, at, '-')) return std::nullopt;
  auto month = digits(text, at, 2);
  if (!month || !expect(text, at, '-')) return std::nullopt;
  auto day = digits(text, at, 2);
  if (!day || !(expect(text, at, 'T') || expect(text, at, 't') || expect(text, at, ' ')))
    return std::nullopt;
  auto hour = digits(text, at, 2);
  if (!hour || !expect(text, at, ':')) return std::nullopt;
  auto minute = digits(text, at, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (expect(text, at, ':')) {
    auto s = digits(text, at, 2);
    if (!s) return std::nullopt;
    second = *s;
    if (expect(text, at, '.') || expect(text, at, ','))
      while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
  }
  if (*year < 1970 || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      second > 60)
    return std::nullopt;
  long offset = 0;
  if (expect(text, at, 'Z') || expect(text, at, 'z')) {
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int sign = text[at++] == '-' ? -1 : 1;
    auto oh = digits(text, at, 2);
    if (!oh) return std::nullopt;
    expect(text, at, ':');
    auto om = digits(text, at, 2);
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    offset = sign * (*oh * 3600L + *om * 60L);
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm);
  std::tm back{};
  gmtime_r(&t, &back);
  if (back.tm_mday != *day) return std::nullopt;  // 31 April, 29 February of 2025
  if (t - offset < 0) return std::nullopt;  // before the epoch (1970-01-01T00:00+01:00)
  return t - offset;
}

}  // namespace ctc
