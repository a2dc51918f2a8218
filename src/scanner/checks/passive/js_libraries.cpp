#include "ctc/scanner/checks/passive/js_libraries.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <utility>

namespace ctc::scanner {
namespace {

// A version as it appears in file names, CDN paths and banners: 2 to 4 dotted numbers and an
// optional pre-release whose dotted parts after the first are numeric, so that "3.0.0-rc.1"
// is taken whole but ".min" in "jquery-3.0.0-rc.1.min.js" is not.
constexpr std::string_view kVersion = R"re((\d+\.\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z]+(?:\.\d+)*)?))re";

// What follows the name (and version) of a script file: jquery.slim.min.js, lodash.js.
constexpr std::string_view kScriptSuffix = R"re((?:\.slim)?(?:\.min)?\.js$)re";

struct LibraryPatterns {
  std::string_view name;
  std::string_view directories;  // RE2 alternation: CDN directory and npm package names
  std::string_view files;        // RE2 alternation: script file names without ".min.js"
  std::string_view banner;       // RE2 with {VERSION}; group 1 is the version
};

constexpr std::array kLibraries = {
    LibraryPatterns{"jquery", R"re(jquery)re", R"re(jquery)re",
                    R"re((?:/\*!?|\*)\s*jQuery(?: JavaScript Library)? v{VERSION})re"},
    LibraryPatterns{"angularjs", R"re(angular|angularjs|angular\.js)re", R"re(angular)re",
                    R"re((?:/\*|\*)[\s*]*(?:@license\s+)?AngularJS v{VERSION})re"},
    LibraryPatterns{"bootstrap", R"re(bootstrap|twitter-bootstrap)re",
                    R"re(bootstrap(?:\.bundle)?)re", R"re((?:/\*!?|\*)\s*Bootstrap v{VERSION})re"},
    LibraryPatterns{"lodash", R"re(lodash|lodash\.js)re", R"re(lodash(?:\.core)?)re",
                    R"re(@license[\s*]*(?:lodash|Lodash|Lo-Dash)\s+v?{VERSION})re"},
    LibraryPatterns{"moment", R"re(moment|moment\.js)re", R"re(moment(?:-with-locales)?)re",
                    R"re(//!\s*moment\.js\s+//!\s*version\s*:\s*{VERSION})re"},
};

std::string withVersion(std::string_view pattern) {
  std::string out(pattern);
  constexpr std::string_view kPlaceholder = "{VERSION}";
  for (auto at = out.find(kPlaceholder); at != std::string::npos;
       at = out.find(kPlaceholder, at + kVersion.size())) {
    out.replace(at, kPlaceholder.size(), kVersion);
  }
  return out;
}

RE2::Options regexOptions(bool caseSensitive) {
  RE2::Options options(RE2::Latin1);  // every pattern is ASCII; any byte of a body is a char
  options.set_log_errors(false);
  options.set_case_sensitive(caseSensitive);
  return options;
}

struct CompiledLibrary {
  std::unique_ptr<RE2> url;     // against the URL's path; one version group per alternative
  std::unique_ptr<RE2> banner;  // against the body's head; group 1 is the version
};

const std::array<CompiledLibrary, kLibraries.size()>& compiledLibraries() {
  static const auto kCompiled = [] {
    std::array<CompiledLibrary, kLibraries.size()> compiled;
    for (std::size_t i = 0; i < kLibraries.size(); ++i) {
      const auto& library = kLibraries[i];
      std::string dirs = "(?:" + std::string(library.directories) + ")";
      std::string files = "(?:" + std::string(library.files) + ")";
      std::string script(kScriptSuffix);
      // Alternatives, one version group each: npm CDNs (/npm/jquery@3.7.1/dist/jquery.min.js),
      // versioned directories (/ajax/libs/jquery/1.8.3/jquery.min.js,
      // /twitter-bootstrap/3.3.7/js/bootstrap.min.js) and versioned files (jquery-1.8.3.min.js).
      std::string npm = "(?:^|/)" + dirs + "@v?{VERSION}(?:/|$)";
      std::string cdn = "(?:^|/)" + dirs + "/v?{VERSION}/(?:[^/]+/)*" + files + script;
      std::string file = "(?:^|/)" + files + "[-.]v?{VERSION}" + script;
      std::string url = npm + "|" + cdn + "|" + file;
      compiled[i].url = std::make_unique<RE2>(withVersion(url), regexOptions(false));
      compiled[i].banner = std::make_unique<RE2>(withVersion(library.banner), regexOptions(true));
    }
    return compiled;
  }();
  return kCompiled;
}

struct VersionMatch {
  std::size_t position;  // where the match starts
  std::string version;
};

/// The first non-empty capture group of the leftmost match of re in text.
std::optional<VersionMatch> findVersion(const RE2& re, std::string_view text) {
  if (!re.ok()) return std::nullopt;
  constexpr int kMaxGroups = 4;
  int groups = std::min(re.NumberOfCapturingGroups(), kMaxGroups - 1);
  std::array<re2::StringPiece, kMaxGroups> match;
  re2::StringPiece input(text.data(), text.size());
  if (!re.Match(input, 0, text.size(), RE2::UNANCHORED, match.data(), groups + 1)) {
    return std::nullopt;
  }
  for (int g = 1; g <= groups; ++g) {
    if (match[g].data() != nullptr && !match[g].empty()) {
      return VersionMatch{static_cast<std::size_t>(match[0].data() - text.data()),
                          std::string(match[g].data(), match[g].size())};
    }
  }
  return std::nullopt;
}

/// Lodash 4.17.5+ dropped the version from its banner; the unminified build sets it a few lines
/// below ("var VERSION = '4.17.21';").
std::optional<VersionMatch> findLodashVersionVariable(std::string_view head) {
  static const RE2 kBanner(R"re(@license[\s*]*Lodash <https://lodash\.com/>)re",
                           regexOptions(true));
  static const RE2 kVariable(withVersion(R"re(\bvar VERSION\s*=\s*['"]{VERSION}['"])re"),
                             regexOptions(true));
  re2::StringPiece input(head.data(), head.size());
  re2::StringPiece banner;
  if (!kBanner.Match(input, 0, head.size(), RE2::UNANCHORED, &banner, 1)) return std::nullopt;
  auto found = findVersion(kVariable, head);
  if (!found) return std::nullopt;
  found->position = static_cast<std::size_t>(banner.data() - head.data());
  return found;
}

std::optional<JsLibrary> identifyByBanner(std::string_view body) {
  std::string_view head = body.substr(0, kJsBannerScanLength);
  const auto& compiled = compiledLibraries();
  std::optional<JsLibrary> best;
  std::size_t bestPosition = head.size();
  auto consider = [&](std::string_view name, std::optional<VersionMatch> found) {
    if (found && (!best || found->position < bestPosition)) {
      best = JsLibrary{std::string(name), std::move(found->version)};
      bestPosition = found->position;
    }
  };
  for (std::size_t i = 0; i < kLibraries.size(); ++i) {
    consider(kLibraries[i].name, findVersion(*compiled[i].banner, head));
  }
  consider("lodash", findLodashVersionVariable(head));
  return best;
}

std::optional<JsLibrary> identifyByUrl(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  const auto& compiled = compiledLibraries();
  for (std::size_t i = 0; i < kLibraries.size(); ++i) {
    if (auto found = findVersion(*compiled[i].url, path)) {
      return JsLibrary{std::string(kLibraries[i].name), std::move(found->version)};
    }
  }
  return std::nullopt;
}

// ---- Versions ----------------------------------------------------------------------------------

struct Version {
  std::array<unsigned long, 6> parts{};  // missing parts are 0
  std::string_view preRelease;           // empty for a release
};

std::optional<Version> parseVersion(std::string_view text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  Version version;
  std::size_t i = 0;
  for (std::size_t part = 0; part < version.parts.size(); ++part) {
    unsigned long value = 0;
    std::size_t digits = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
      if (digits < 9) value = value * 10 + static_cast<unsigned long>(text[i] - '0');
    }
    version.parts[part] = value;
    if (i + 1 < text.size() && text[i] == '.' &&
        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      ++i;
    } else {
      break;
    }
  }
  std::string_view rest = text.substr(i);
  rest = rest.substr(0, rest.find('+'));  // build metadata does not order versions
  // "3.0.0-beta1", "3.0.0.rc1", "1.0RC2": whatever follows the numbers marks a pre-release.
  while (!rest.empty() && (rest[0] == '-' || rest[0] == '.' || rest[0] == '_')) {
    rest.remove_prefix(1);
  }
  version.preRelease = rest;
  return version;
}

int compare(const Version& a, const Version& b) {
  for (std::size_t i = 0; i < a.parts.size(); ++i) {
    if (a.parts[i] != b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  }
  if (a.preRelease.empty() || b.preRelease.empty()) {
    return static_cast<int>(a.preRelease.empty()) - static_cast<int>(b.preRelease.empty());
  }
  int order = a.preRelease.compare(b.preRelease);
  return (order > 0) - (order < 0);
}

// ---- Advisories --------------------------------------------------------------------------------

/// One affected range of one advisory: introduced <= version < fixed; an empty introduced means
/// from the first release, an empty fixed means no fixed release exists. An advisory with two
/// disjoint ranges has two rows with the same id and text.
struct AdvisoryRow {
  std::string_view library;
  std::string_view introduced;
  std::string_view fixed;
  std::string_view affected;
  std::string_view id;
  std::string_view summary;
  Severity severity;
};

// Ranges and severities from the GitHub advisory database (github/advisory-database,
// advisories/github-reviewed/<year>/<month>/<GHSA>/<GHSA>.json, npm package ranges), checked
// against retire.js's repository/jsrepository-v4.json. Rows marked "(retire.js)" rest on the
// retire.js entry alone, which cites that GHSA; GitHub's file was not read for them.
constexpr std::array kAdvisories = {
    // jQuery
    // GHSA-gxr4-xjj5-5px2 (retire.js)
    AdvisoryRow{"jquery", "1.2.0", "3.5.0", ">= 1.2.0, < 3.5.0", "CVE-2020-11022",
                "XSS: jQuery.htmlPrefilter's regex can make HTML passed to .html()/.append() run "
                "script",
                Severity::Medium},
    // GHSA-jpcq-cgw6-v4j6
    AdvisoryRow{"jquery", "1.0.3", "3.5.0", ">= 1.0.3, < 3.5.0", "CVE-2020-11023",
                "XSS: HTML containing <option> passed to DOM manipulation methods can run script, "
                "even after sanitizing",
                Severity::Medium},
    // GHSA-6c3j-c64m-qhgq
    AdvisoryRow{"jquery", "", "3.4.0", "< 3.4.0", "CVE-2019-11358",
                "Prototype pollution through jQuery.extend(true, {}, ...)", Severity::Medium},
    // GHSA-rmxg-73gg-4p98
    AdvisoryRow{"jquery", "", "3.0.0", "< 3.0.0", "CVE-2015-9251",
                "XSS: cross-domain Ajax responses of type text/javascript are executed",
                Severity::Medium},
    // GHSA-2pqj-h3vj-pqgw
    AdvisoryRow{"jquery", "", "1.9.0", "< 1.9.0", "CVE-2012-6708",
                "XSS: jQuery(input) can interpret a selector string as HTML", Severity::High},
    // AngularJS (npm package "angular"); no 1.x release after 1.8.3 fixes anything.
    // GHSA-89mq-4x47-5v83
    AdvisoryRow{"angularjs", "", "1.7.9", "< 1.7.9", "CVE-2019-10768",
                "Prototype pollution through angular.merge()", Severity::High},
    // GHSA-mhp6-pxh8-r675
    AdvisoryRow{"angularjs", "", "1.8.0", "< 1.8.0", "CVE-2020-7676",
                "XSS: sanitized HTML with <option> inside <select> can turn unsafe in JQLite",
                Severity::Medium},
    // GHSA-prc3-vjfx-vhm9 (retire.js)
    AdvisoryRow{"angularjs", "", "", "all versions (no fix)", "CVE-2022-25869",
                "XSS through insecure page caching in Internet Explorer", Severity::Medium},
    // retire.js retid 54
    AdvisoryRow{"angularjs", "", "", "all versions", "angularjs-eol",
                "AngularJS reached end of life on 2021-12-31 and receives no security fixes",
                Severity::Low},
    // Bootstrap
    // GHSA-9v3m-8fp8-mj99
    AdvisoryRow{"bootstrap", "3.0.0", "3.4.1", ">= 3.0.0, < 3.4.1; >= 4.0.0, < 4.3.1",
                "CVE-2019-8331",
                "XSS in the tooltip/popover data-template, data-content and data-title options",
                Severity::Medium},
    AdvisoryRow{"bootstrap", "4.0.0", "4.3.1", ">= 3.0.0, < 3.4.1; >= 4.0.0, < 4.3.1",
                "CVE-2019-8331",
                "XSS in the tooltip/popover data-template, data-content and data-title options",
                Severity::Medium},
    // GHSA-3wqf-4x89-9g79 (retire.js). NVD's text says "before 4.1.2", which could include 3.x;
    // retire.js lists 4.x only, and so does this row until a source says otherwise.
    AdvisoryRow{"bootstrap", "4.0.0", "4.1.2", ">= 4.0.0, < 4.1.2", "CVE-2018-14040",
                "XSS in the collapse data-parent attribute", Severity::Medium},
    // GHSA-pj7m-g53m-7638 (retire.js)
    AdvisoryRow{"bootstrap", "", "3.4.0", "< 3.4.0; >= 4.0.0, < 4.1.2", "CVE-2018-14041",
                "XSS in the scrollspy data-target attribute", Severity::Medium},
    AdvisoryRow{"bootstrap", "4.0.0", "4.1.2", "< 3.4.0; >= 4.0.0, < 4.1.2", "CVE-2018-14041",
                "XSS in the scrollspy data-target attribute", Severity::Medium},
    // GHSA-7mvr-5x2g-wfc8 (retire.js)
    AdvisoryRow{"bootstrap", "", "3.4.0", "< 3.4.0; >= 4.0.0, < 4.1.2", "CVE-2018-14042",
                "XSS in the tooltip data-container attribute", Severity::Medium},
    AdvisoryRow{"bootstrap", "4.0.0", "4.1.2", "< 3.4.0; >= 4.0.0, < 4.1.2", "CVE-2018-14042",
                "XSS in the tooltip data-container attribute", Severity::Medium},
    // Lodash
    // GHSA-jf85-cpcp-j695
    AdvisoryRow{"lodash", "", "4.17.12", "< 4.17.12", "CVE-2019-10744",
                "Prototype pollution through defaultsDeep()", Severity::Critical},
    // GHSA-p6mc-m468-83gw
    AdvisoryRow{"lodash", "", "4.17.20", "< 4.17.20", "CVE-2020-8203",
                "Prototype pollution through zipObjectDeep()", Severity::High},
    // GHSA-35jh-r3h4-6jhm
    AdvisoryRow{"lodash", "", "4.17.21", "< 4.17.21", "CVE-2021-23337",
                "Command injection through template()", Severity::High},
    // Moment
    // GHSA-446m-mv8f-q348
    AdvisoryRow{"moment", "", "2.19.3", "< 2.19.3", "CVE-2017-18214",
                "Regular expression denial of service when parsing dates from strings",
                Severity::High},
    // GHSA-8hfj-j24r-96c4
    AdvisoryRow{"moment", "", "2.29.2", "< 2.29.2", "CVE-2022-24785",
                "Path traversal in moment.locale() with a user-supplied locale name",
                Severity::High},
    // GHSA-wc69-rhjr-hc9g
    AdvisoryRow{"moment", "2.18.0", "2.29.4", ">= 2.18.0, < 2.29.4", "CVE-2022-31129",
                "Denial of service: RFC 2822 date parsing is quadratic on crafted strings",
                Severity::High},
};

bool inRange(const Version& version, const AdvisoryRow& row) {
  if (!row.introduced.empty()) {
    auto introduced = parseVersion(row.introduced);
    if (!introduced || compare(version, *introduced) < 0) return false;
  }
  if (row.fixed.empty()) return true;
  auto fixed = parseVersion(row.fixed);
  return fixed && compare(version, *fixed) < 0;
}

}  // namespace

std::optional<JsLibrary> identifyJsLibrary(std::string_view url, std::string_view body) {
  if (auto library = identifyByBanner(body)) return library;
  return identifyByUrl(url);
}

std::vector<JsAdvisory> advisoriesFor(const JsLibrary& library) {
  std::vector<JsAdvisory> out;
  auto version = parseVersion(library.version);
  if (!version) return out;
  std::string name = library.name;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& row : kAdvisories) {
    if (row.library == name && inRange(*version, row)) {
      out.push_back({row.library, row.affected, row.id, row.summary, row.severity});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const JsAdvisory& a, const JsAdvisory& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  });
  return out;
}

}  // namespace ctc::scanner
