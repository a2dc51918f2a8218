#include "ctc/scanner/checks/passive/js_libraries.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ctc::scanner {
namespace {

struct Expected {
  std::string input;
  std::string name;
  std::string version;
};

std::vector<std::string> ids(const std::vector<JsAdvisory>& advisories) {
  std::vector<std::string> out;
  for (const auto& advisory : advisories) out.emplace_back(advisory.id);
  return out;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<JsAdvisory> advisories(std::string name, std::string version) {
  return advisoriesFor(JsLibrary{std::move(name), std::move(version)});
}

TEST(JsLibraries, IdentifiesBanners) {
  const std::vector<Expected> cases = {
      {"/*! jQuery v1.8.3 jquery.com | jquery.org/license */\n(function(e,t){var n,r,i=typeof t",
       "jquery", "1.8.3"},
      {"/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */\n"
       "!function(e,t){\"use strict\";",
       "jquery", "3.7.1"},
      {"/*!\n * jQuery JavaScript Library v3.7.1\n * https://jquery.com/\n *\n * Copyright OpenJS "
       "Foundation and other contributors\n */",
       "jquery", "3.7.1"},
      {"/**\n * @license AngularJS v1.5.0\n * (c) 2010-2016 Google, Inc. http://angularjs.org\n"
       " * License: MIT\n */\n(function(window, document, undefined) {'use strict';",
       "angularjs", "1.5.0"},
      {"/*\n AngularJS v1.5.0\n (c) 2010-2016 Google, Inc. http://angularjs.org\n License: "
       "MIT\n*/\n"
       "(function(S,X,u){'use strict';",
       "angularjs", "1.5.0"},
      {"/*!\n * Bootstrap v3.3.7 (http://getbootstrap.com)\n * Copyright 2011-2016 Twitter, Inc.\n"
       " * Licensed under the MIT license\n */",
       "bootstrap", "3.3.7"},
      {"/*!\n  * Bootstrap v5.3.2 (https://getbootstrap.com/)\n  * Copyright 2011-2023 The "
       "Bootstrap "
       "Authors (https://github.com/twbs/bootstrap/graphs/contributors)\n  */",
       "bootstrap", "5.3.2"},
      {"/**\n * @license\n * lodash 4.17.4 <https://lodash.com/>\n * Copyright jQuery Foundation "
       "and other contributors <https://jquery.org/>\n */\n;(function() {",
       "lodash", "4.17.4"},
      {"/**\n * @license\n * lodash 4.17.4 (Custom Build) lodash.com/license | Underscore.js 1.8.3 "
       "underscorejs.org/LICENSE\n * Build: `lodash -o ./dist/lodash.js`\n */",
       "lodash", "4.17.4"},
      {"/**\n * @license\n * Lodash <https://lodash.com/>\n * Copyright OpenJS Foundation and "
       "other "
       "contributors <https://openjsf.org/>\n * Released under MIT license "
       "<https://lodash.com/license>\n * Based on Underscore.js 1.8.3 "
       "<http://underscorejs.org/LICENSE>\n */\n;(function() {\n\n  /** Used as a safe reference "
       "for `undefined` in pre-ES5 environments. */\n  var undefined;\n\n  /** Used as the "
       "semantic "
       "version number. */\n  var VERSION = '4.17.21';\n",
       "lodash", "4.17.21"},
      {"//! moment.js\n//! version : 2.19.0\n//! authors : Tim Wood, Iskren Chernev, Moment.js "
       "contributors\n//! license : MIT\n//! momentjs.com\n",
       "moment", "2.19.0"},
      {"//! moment.js\r\n//! version : 2.29.4\r\n", "moment", "2.29.4"},
  };
  for (const auto& c : cases) {
    auto library = identifyJsLibrary("https://example.com/static/app.js", c.input);
    ASSERT_TRUE(library) << c.input;
    EXPECT_EQ(library->name, c.name) << c.input;
    EXPECT_EQ(library->version, c.version) << c.input;
  }
}

TEST(JsLibraries, IdentifiesUrls) {
  const std::vector<Expected> cases = {
      {"https://code.jquery.com/jquery-1.8.3.min.js", "jquery", "1.8.3"},
      {"https://code.jquery.com/jquery-3.7.1.slim.min.js", "jquery", "3.7.1"},
      {"https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js", "jquery", "3.7.1"},
      {"/js/jQuery-1.12.4.js?ver=5.2#top", "jquery", "1.12.4"},
      {"/js/jquery-3.0.0-rc.1.min.js", "jquery", "3.0.0-rc.1"},
      {"https://cdnjs.cloudflare.com/ajax/libs/angular.js/1.5.0/angular.min.js", "angularjs",
       "1.5.0"},
      {"https://ajax.googleapis.com/ajax/libs/angularjs/1.5.0/angular.min.js", "angularjs",
       "1.5.0"},
      {"https://cdn.jsdelivr.net/npm/angular@1.8.2/angular.min.js", "angularjs", "1.8.2"},
      {"/vendor/angular-1.5.0.min.js", "angularjs", "1.5.0"},
      {"https://cdn.jsdelivr.net/npm/bootstrap@3.3.7/dist/js/bootstrap.min.js", "bootstrap",
       "3.3.7"},
      {"https://maxcdn.bootstrapcdn.com/bootstrap/3.3.7/js/bootstrap.min.js", "bootstrap", "3.3.7"},
      {"https://cdnjs.cloudflare.com/ajax/libs/twitter-bootstrap/4.0.0/js/bootstrap.bundle.min.js",
       "bootstrap", "4.0.0"},
      {"https://unpkg.com/lodash@4.17.4/lodash.min.js", "lodash", "4.17.4"},
      {"https://cdnjs.cloudflare.com/ajax/libs/lodash.js/4.17.21/lodash.min.js", "lodash",
       "4.17.21"},
      {"/static/js/moment-2.19.0.min.js?v=3", "moment", "2.19.0"},
      {"https://cdnjs.cloudflare.com/ajax/libs/moment.js/2.19.0/moment-with-locales.min.js",
       "moment", "2.19.0"},
  };
  for (const auto& c : cases) {
    auto library = identifyJsLibrary(c.input, "");
    ASSERT_TRUE(library) << c.input;
    EXPECT_EQ(library->name, c.name) << c.input;
    EXPECT_EQ(library->version, c.version) << c.input;
  }
}

TEST(JsLibraries, UnknownOrUnversionedIsNullopt) {
  for (const char* url : {"/assets/jquery.min.js", "https://cdn.jsdelivr.net/npm/jquery@3/dist/",
                          "/js/jquery-ui-1.12.1.min.js", "/js/jquery.validate-1.19.0.js",
                          "https://cdn.jsdelivr.net/npm/@angular/core@15.2.0/fesm2020/core.mjs",
                          "/js/moment-timezone-0.5.43.min.js",
                          "https://unpkg.com/react-bootstrap@2.0.0/dist/react-bootstrap.min.js",
                          "/js/bootstrap-datepicker-1.9.0.min.js", "/static/app.js", ""}) {
    EXPECT_FALSE(identifyJsLibrary(url, "")) << url;
  }
  for (const char* body :
       {"/*! jQuery UI - v1.12.1 - 2016-09-14\n* http://jqueryui.com */",
        "/*!\n * Bootstrap-select v1.13.18 (https://developer.snapappointments.com)",
        "/*! jQuery Migrate v3.4.1 | (c) OpenJS Foundation */",
        "// uses jQuery v3.7.1 and Bootstrap v5.3.2 at runtime", "var VERSION = '4.17.21';"}) {
    EXPECT_FALSE(identifyJsLibrary("/static/app.js", body)) << body;
  }
}

TEST(JsLibraries, BannerBeatsUrlAndFirstBannerWins) {
  auto library = identifyJsLibrary("/js/jquery-1.4.2.min.js", "/*! jQuery v3.7.1 | (c) OpenJS */");
  ASSERT_TRUE(library);
  EXPECT_EQ(library->version, "3.7.1");

  std::string bundle =
      "/*!\n * Bootstrap v3.3.7 (http://getbootstrap.com)\n */\n+function(){}();\n"
      "/*! jQuery v1.8.3 jquery.com | jquery.org/license */\n";
  library = identifyJsLibrary("/dist/vendor.js", bundle);
  ASSERT_TRUE(library);
  EXPECT_EQ(library->name, "bootstrap");

  // A banner past the scanned head does not count; the URL still does.
  std::string late = std::string(kJsBannerScanLength, ' ') + "/*! jQuery v1.8.3 */";
  EXPECT_FALSE(identifyJsLibrary("/dist/vendor.js", late));
  library = identifyJsLibrary("/js/jquery-1.8.3.js", late);
  ASSERT_TRUE(library);
  EXPECT_EQ(library->version, "1.8.3");
}

TEST(JsLibraryAdvisories, OldVersionsHaveAdvisoriesMostSevereFirst) {
  struct Case {
    std::string name;
    std::string version;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"jquery",
       "1.8.3",
       {"CVE-2012-6708", "CVE-2020-11022", "CVE-2020-11023", "CVE-2019-11358", "CVE-2015-9251"}},
      {"angularjs",
       "1.5.0",
       {"CVE-2019-10768", "CVE-2020-7676", "CVE-2022-25869", "angularjs-eol"}},
      {"bootstrap", "3.3.7", {"CVE-2019-8331", "CVE-2018-14041", "CVE-2018-14042"}},
      {"lodash", "4.17.4", {"CVE-2019-10744", "CVE-2020-8203", "CVE-2021-23337"}},
      {"moment", "2.19.0", {"CVE-2017-18214", "CVE-2022-24785", "CVE-2022-31129"}},
  };
  for (const auto& c : cases) {
    auto found = advisories(c.name, c.version);
    EXPECT_EQ(ids(found), c.expected) << c.name << " " << c.version;
    for (std::size_t i = 1; i < found.size(); ++i) {
      EXPECT_GE(static_cast<int>(found[i - 1].severity), static_cast<int>(found[i].severity));
    }
    for (const auto& advisory : found) {
      EXPECT_EQ(advisory.library, c.name);
      EXPECT_FALSE(advisory.affected.empty());
      EXPECT_FALSE(advisory.summary.empty());
    }
  }
  auto lodash = advisories("lodash", "4.17.4");
  ASSERT_FALSE(lodash.empty());
  EXPECT_EQ(lodash.front().severity, Severity::Critical);
}

TEST(JsLibraryAdvisories, CurrentVersionsHaveNone) {
  EXPECT_TRUE(advisories("jquery", "3.7.1").empty());
  EXPECT_TRUE(advisories("bootstrap", "5.3.2").empty());
  EXPECT_TRUE(advisories("lodash", "4.17.21").empty());
  EXPECT_TRUE(advisories("moment", "2.29.4").empty());
}

TEST(JsLibraryAdvisories, RangeEdges) {
  // The fixed version is outside "< fixed"; the one before it is inside.
  EXPECT_TRUE(advisories("jquery", "3.5.0").empty());
  EXPECT_EQ(ids(advisories("jquery", "3.4.1")),
            (std::vector<std::string>{"CVE-2020-11022", "CVE-2020-11023"}));
  EXPECT_FALSE(contains(ids(advisories("jquery", "3.4.0")), "CVE-2019-11358"));
  EXPECT_TRUE(contains(ids(advisories("jquery", "3.3.1")), "CVE-2019-11358"));
  // Introduced bounds are inclusive; "1.2" is 1.2.0.
  EXPECT_TRUE(contains(ids(advisories("jquery", "1.2")), "CVE-2020-11022"));
  EXPECT_FALSE(contains(ids(advisories("jquery", "1.1.4")), "CVE-2020-11022"));
  EXPECT_TRUE(contains(ids(advisories("jquery", "1.1.4")), "CVE-2020-11023"));
  // Two ranges of one advisory, and the gap between them.
  EXPECT_TRUE(advisories("bootstrap", "3.4.1").empty());
  EXPECT_TRUE(contains(ids(advisories("bootstrap", "4.3.0")), "CVE-2019-8331"));
  EXPECT_TRUE(advisories("bootstrap", "4.3.1").empty());
  EXPECT_TRUE(contains(ids(advisories("bootstrap", "4.1.1")), "CVE-2018-14040"));
  EXPECT_FALSE(contains(ids(advisories("bootstrap", "4.1.2")), "CVE-2018-14040"));
  EXPECT_EQ(ids(advisories("bootstrap", "3.4.0")), (std::vector<std::string>{"CVE-2019-8331"}));
  // Lodash and Moment.
  EXPECT_TRUE(contains(ids(advisories("lodash", "4.17.19")), "CVE-2020-8203"));
  EXPECT_EQ(ids(advisories("lodash", "4.17.20")), (std::vector<std::string>{"CVE-2021-23337"}));
  EXPECT_FALSE(contains(ids(advisories("moment", "2.17.1")), "CVE-2022-31129"));
  EXPECT_TRUE(contains(ids(advisories("moment", "2.18.0")), "CVE-2022-31129"));
  EXPECT_EQ(ids(advisories("moment", "2.29.2")), (std::vector<std::string>{"CVE-2022-31129"}));
  // AngularJS has no fixed release.
  EXPECT_EQ(ids(advisories("angularjs", "1.8.3")),
            (std::vector<std::string>{"CVE-2022-25869", "angularjs-eol"}));
}

TEST(JsLibraryAdvisories, VersionSpellings) {
  // A pre-release sorts before its release; build metadata is ignored; "v" is tolerated.
  EXPECT_EQ(ids(advisories("jquery", "3.5.0-rc.1")),
            (std::vector<std::string>{"CVE-2020-11022", "CVE-2020-11023"}));
  EXPECT_TRUE(advisories("jquery", "3.5.0+build.7").empty());
  EXPECT_EQ(ids(advisories("jquery", "v1.8.3")), ids(advisories("jquery", "1.8.3")));
  EXPECT_TRUE(contains(ids(advisories("bootstrap", "4.3.1-beta")), "CVE-2019-8331"));
  EXPECT_FALSE(contains(ids(advisories("bootstrap", "4.0.0-beta.2")), "CVE-2019-8331"));
  EXPECT_EQ(ids(advisories("jQuery", "1.8.3")), ids(advisories("jquery", "1.8.3")));
  // Nothing to say about what cannot be compared.
  EXPECT_TRUE(advisories("jquery", "").empty());
  EXPECT_TRUE(advisories("jquery", "latest").empty());
  EXPECT_TRUE(advisories("react", "16.0.0").empty());
}

}  // namespace
}  // namespace ctc::scanner
