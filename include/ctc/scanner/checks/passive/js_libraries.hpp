#pragma once
/// Client-side JavaScript libraries: which library and version a script is (from its URL or its
/// banner comment), and the published advisories that version is affected by, from a small table
/// bundled in the binary (no network). Pure functions; no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ctc/domain/finding.hpp"

namespace ctc::scanner {

struct JsLibrary {
  std::string name;     ///< lowercase: "jquery", "angularjs", "bootstrap", "lodash", "moment"
  std::string version;  ///< as published, without a leading "v": "1.8.3", "3.0.0-beta1"
};

/// How many bytes at the start of a script identifyJsLibrary reads for a banner comment.
inline constexpr std::size_t kJsBannerScanLength = 4096;

/// Identifies a library by the banner comment in the first kJsBannerScanLength bytes of body
/// ("/*! jQuery v1.8.3 ...", "@license AngularJS v1.5.0", "* Bootstrap v3.3.7", "lodash 4.17.4",
/// Lodash's banner plus `var VERSION = '4.17.21'`, "//! moment.js\n//! version : 2.19.0"); when
/// the body has none (or is empty), by the URL: a CDN path (".../jquery/1.8.3/jquery.min.js",
/// "/angular.js/1.5.0/angular.min.js", "/npm/bootstrap@3.3.7/dist/...") or a versioned file name
/// ("jquery-1.8.3.min.js"); the query and fragment are ignored. When the body holds banners of
/// several libraries (a bundle), the first one wins. nullopt when no library with a version is
/// recognised: a URL without a version ("jquery.min.js", "jquery@3") says nothing.
/// Thread-safe; never throws except std::bad_alloc.
std::optional<JsLibrary> identifyJsLibrary(std::string_view url, std::string_view body);

struct JsAdvisory {
  std::string_view library;   ///< as JsLibrary::name
  std::string_view affected;  ///< human text, e.g. "< 3.5.0" or ">= 3.0.0, < 3.4.1; >= 4.0.0, ..."
  std::string_view id;        ///< CVE id; a GHSA id when there is no CVE; "angularjs-eol" for EOL
  std::string_view summary;   ///< one line
  ctc::Severity severity;     ///< GitHub's advisory severity (retire.js's where GitHub has none)
};

/// The bundled advisories whose affected range contains library.version, most severe first (ties
/// in table order); the views point into static storage. Versions compare as dotted numbers
/// (missing parts count as 0, "1.8" == "1.8.0"); a pre-release sorts just before its release
/// ("3.5.0-rc.1" < "3.5.0", so it is inside "< 3.5.0"), and build metadata ("+sha") is ignored.
/// Empty for an unknown library or a version that does not start with a digit.
/// Thread-safe; never throws except std::bad_alloc.
std::vector<JsAdvisory> advisoriesFor(const JsLibrary& library);

}  // namespace ctc::scanner
