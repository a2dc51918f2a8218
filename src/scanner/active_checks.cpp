#include "ctc/scanner/active_checks.hpp"

#include <re2/re2.h>
#include <strings.h>

#include <map>
#include <memory>
#include <random>

#include "ctc/scanner/check_catalog.hpp"
#include "ctc/scanner/page_compare.hpp"
#include "ctc/scanner/response_signatures.hpp"
#include "ctc/scanner/xss_analysis.hpp"

namespace ctc::scanner {
namespace {

constexpr std::size_t kKeptBody = 256u << 10;  // baselines are compared on their first 256 KiB
constexpr int kDelaySeconds = 2;               // time-based: first delay, then twice this
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
  double seconds = 0;
  bool ok = false;
};

/// What a response must prove, checked when it arrives.
using Verdict = std::function<void(const FetchResult&)>;

/// A batch of requests with a verdict each.
class Stage {
 public:
  void add(HttpRequest request, Verdict verdict) {
    requests_.push_back(std::move(request));
    verdicts_.push_back(std::move(verdict));
  }
  std::size_t size() const { return requests_.size(); }
  void run(Fetcher& fetcher, const Fetcher::OnDone& onEach) {
    if (requests_.empty()) return;
    fetcher.fetchAll(requests_, [&](std::size_t i, FetchResult& r) {
      if (r.ok()) {
        if (r.response.body.size() > kKeptBody) r.response.body.resize(kKeptBody);
        verdicts_[i](r);
      }
      std::string().swap(r.response.body);
      if (onEach) onEach(i, r);
    });
    requests_.clear();
    verdicts_.clear();
  }

 private:
  std::vector<HttpRequest> requests_;
  std::vector<Verdict> verdicts_;
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

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

bool looksLikeFile(const std::string& v) {
  return v.find('.') != std::string::npos || v.find('/') != std::string::npos;
}

std::string headersText(const HttpResponse& r) {
  std::string out = "HTTP " + std::to_string(r.status);
  for (const auto& [k, v] : r.headers) out += "\n" + k + ": " + v;
  return out.substr(0, 800);
}

}  // namespace

std::string describeRequest(const HttpRequest& r) {
  std::string out = r.method + " " + r.url;
  if (!r.body.empty()) {
    for (const auto& [k, v] : r.headers) out += "\n" + k + ": " + v;
    out += "\n\n" + r.body;
  }
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
  auto runStage = [&](Stage& stage) {
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
    Stage stage;
    for (const auto& e : endpoints)
      stage.add(e.request(), [&baselines, &e](const FetchResult& r) {
        baselines[&e] = {r.response.status, r.response.body, r.response.seconds, true};
      });
    runStage(stage);
  }
  auto baseOf = [&](const Target& t) -> const Baseline* {
    auto it = baselines.find(t.endpoint);
    return it == baselines.end() || !it->second.ok ? nullptr : &it->second;
  };

  // Stage 2: one round of probes per parameter; what they reveal decides stage 3.
  std::map<std::size_t, std::vector<Reflection>> reflections;
  std::map<std::size_t, std::string> sqlProbeBodies;         // for the boolean check: did it react?
  std::map<std::size_t, std::vector<std::string>> timeHits;  // payload templates that slept
  std::map<std::size_t, std::string> sstiHits;
  Stage probes;
  for (std::size_t ti = 0; ti < targets.size(); ++ti) {
    const Target& t = targets[ti];
    const Baseline* base = baseOf(t);
    if (!base) continue;
    const std::string& orig = t.p().value;
    probes.add(t.with(t.marker), [&, ti](const FetchResult& r) {
      if (r.response.isHtml())
        reflections[ti] = findReflections(r.response.body, targets[ti].marker);
    });
    if (t.p().location == ParamLocation::Path) continue;  // paths: reflected XSS only

    // SQL error: a quote of each kind; the DBMS message must be new.
    HttpRequest sqlProbe = t.with(orig + "'\"");
    probes.add(sqlProbe, [&, ti, sqlProbe, base](const FetchResult& r) {
      if (auto m = findSqlError(r.response.body); m && !findSqlError(base->body))
        report("sqli.error", targets[ti], sqlProbe, m->what + " error: " + m->excerpt);
      else
        sqlProbeBodies[ti] = r.response.body.substr(0, 64u << 10);
    });
    // Command injection: the shell joins X''Y; an echo of our own text does not.
    std::string joined = t.marker + "x" + t.marker;
    for (std::string sep : {";", "|", "$("}) {
      std::string payload =
          orig + sep + "echo " + t.marker + "x''" + t.marker + (sep == "$(" ? ")" : "");
      HttpRequest req = t.with(payload);
      probes.add(req, [&, ti, req, joined, base](const FetchResult& r) {
        if (r.response.body.find(joined) != std::string::npos &&
            base->body.find(joined) == std::string::npos)
          report("injection.command", targets[ti], req,
                 "the shell ran echo: " + excerptAround(r.response.body, joined));
      });
    }
    // Path traversal.
    std::vector<std::string> files = {"../../../../../../../../../../etc/passwd",
                                      "..\\..\\..\\..\\..\\..\\..\\..\\windows\\win.ini"};
    if (looksLikeFile(orig)) files.push_back("/etc/passwd");
    for (const auto& file : files) {
      HttpRequest req = t.with(file);
      probes.add(req, [&, ti, req, base](const FetchResult& r) {
        if (auto m = findFileContent(r.response.body); m && !findFileContent(base->body))
          report("files.path_traversal", targets[ti], req,
                 "contents of " + m->what + ": " + m->excerpt);
      });
    }
    // Template injection: the product of two random numbers is not in the page by chance.
    {
      int a = 1000 + static_cast<int>(random() % 8000),
          b = 1000 + static_cast<int>(random() % 8000);
      std::string product = std::to_string(a * b);
      std::string expr = std::to_string(a) + "*" + std::to_string(b);
      HttpRequest req = t.with(orig + "{{" + expr + "}}${" + expr + "}<%=" + expr + "%>");
      probes.add(req, [&, ti, req, product, base](const FetchResult& r) {
        if (r.response.body.find(product) != std::string::npos &&
            base->body.find(product) == std::string::npos)
          sstiHits[ti] = excerptAround(r.response.body, product);
      });
    }
    // CRLF: a header of our own in the response headers.
    {
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
      std::string host = t.marker + ".example.com";
      HttpRequest req = t.with("https://" + host + "/");
      probes.add(req, [&, ti, req, host](const FetchResult& r) {
        auto location = r.response.header("Location");
        if (r.response.status < 300 || r.response.status > 399 || !location) return;
        auto resolved = resolveReference(r.request.url, *location);
        if (resolved && lower(resolved->host) == lower(host))
          report("redirect.open", targets[ti], req,
                 "HTTP " + std::to_string(r.response.status) + " Location: " + *location);
      });
    }
    if (!orig.empty() && orig.front() == '<') {
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
        if (fetched) {
          report("ssrf.confirmed", targets[ti], req,
                 "the response contains the title of " + options.siteRootUrl + " (\"" + title +
                     "\"), which the server fetched: " + excerptAround(r.response.body, title));
        } else {
          report("ssrf.candidate", targets[ti], targets[ti].endpoint->request(),
                 "parameter value is a URL: " + orig);
        }
      });
    }
    if (options.timeBased) {
      for (std::string tpl :
           {std::string("{o} AND SLEEP({d})"), std::string("{o}' AND SLEEP({d})-- -"),
            std::string("{o}'||pg_sleep({d})||'"), std::string("{o}';WAITFOR DELAY '0:0:{d}'--"),
            std::string("{o};sleep {d};")}) {
        auto fill = [tpl, orig](int d) {
          std::string s = tpl;
          s.replace(s.find("{o}"), 3, orig);
          s.replace(s.find("{d}"), 3, std::to_string(d));
          return s;
        };
        HttpRequest req = t.with(fill(kDelaySeconds));
        probes.add(req, [&, ti, tpl, base](const FetchResult& r) {
          if (r.response.seconds >= kDelaySeconds && base->seconds < kDelaySeconds / 2.0)
            timeHits[ti].push_back(tpl);
        });
      }
    }
  }
  runStage(probes);

  // Stage 3: payloads for the reflections found, confirmations, boolean pairs.
  Stage second;
  struct BooleanCase {
    std::unique_ptr<PageComparator> compare;
    std::map<std::string, std::string> prints;  // payload -> fingerprint
  };
  std::map<std::size_t, BooleanCase> booleans;
  auto booleanPayloads = [](const std::string& orig) {
    return std::vector<std::string>{orig + " AND 4371=4371",   orig + " AND 4371=4372",
                                    orig + "' AND 'ctc'='ctc", orig + "' AND 'ctc'='ctd",
                                    orig + " AND 8>3",         orig + " AND 3>8",
                                    orig + "' AND 'b'>'a",     orig + "' AND 'a'>'b"};
  };
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
    if (auto hit = sstiHits.find(ti); hit != sstiHits.end()) {
      int a = 1000 + static_cast<int>(random() % 8000),
          b = 1000 + static_cast<int>(random() % 8000);
      std::string product = std::to_string(a * b);
      HttpRequest req =
          t.with(t.p().value + "{{" + std::to_string(a) + "*" + std::to_string(b) + "}}");
      second.add(req, [&, ti, req, product](const FetchResult& r) {
        if (r.response.body.find(product) != std::string::npos)
          report("injection.ssti", targets[ti], req,
                 "the template evaluated the expression to " + product + ": " +
                     excerptAround(r.response.body, product));
      });
    }
    if (auto hit = timeHits.find(ti); hit != timeHits.end()) {
      const std::string tpl = hit->second.front();
      std::string value = tpl;
      value.replace(value.find("{o}"), 3, t.p().value);
      value.replace(value.find("{d}"), 3, std::to_string(2 * kDelaySeconds));
      HttpRequest req = t.with(value);
      bool shell = tpl.find("sleep {d};") != std::string::npos;
      double baseSeconds = base->seconds;
      second.add(req, [&, ti, req, shell, baseSeconds](const FetchResult& r) {
        if (r.response.seconds < 2 * kDelaySeconds) return;
        report(shell ? "injection.command" : "sqli.time", targets[ti], req,
               "asked for " + std::to_string(kDelaySeconds) + " s and " +
                   std::to_string(2 * kDelaySeconds) + " s of delay: the responses took " +
                   std::to_string(kDelaySeconds) + "+ s and " + std::to_string(r.response.seconds) +
                   " s; the baseline took " + std::to_string(baseSeconds) + " s");
      });
    }
    // Boolean SQL injection only where the quote probe changed the page (the input reaches
    // something that parses it) and no error already proved the injection.
    auto probe = sqlProbeBodies.find(ti);
    if (probe == sqlProbeBodies.end() || probe->second == base->body.substr(0, 64u << 10)) continue;
    second.add(t.endpoint->request(), [&, ti, base](const FetchResult& r) {
      booleans[ti].compare = std::make_unique<PageComparator>(base->status, base->body,
                                                              r.response.status, r.response.body);
    });
    for (const auto& payload : booleanPayloads(t.p().value))
      second.add(t.with(payload), [&, ti, payload](const FetchResult& r) {
        booleans[ti].prints[payload] = std::to_string(r.response.status) + "\n" + r.response.body;
      });
  }
  runStage(second);

  // Boolean verdicts: true pages equal the baseline, false pages equal each other and differ,
  // in two different spellings of true and false; then the first pair once more.
  Stage third;
  for (auto& [ti, c] : booleans) {
    if (!c.compare || !c.compare->stable()) continue;
    const Target& t = targets[ti];
    auto payloads = booleanPayloads(t.p().value);
    auto print = [&](const std::string& payload) {
      auto it = c.prints.find(payload);
      if (it == c.prints.end()) return std::string("?");
      auto nl = it->second.find('\n');
      return c.compare->fingerprint(std::stol(it->second.substr(0, nl)),
                                    std::string_view(it->second).substr(nl + 1), payload);
    };
    for (std::size_t k = 0; k < 4; k += 2) {  // numeric (0,1 and 4,5), quoted (2,3 and 6,7)
      const auto &true1 = payloads[k], &false1 = payloads[k + 1];
      const auto &true2 = payloads[k + 4], &false2 = payloads[k + 5];
      const std::string& base = c.compare->baseline();
      if (print(true1) != base || print(true2) != base || print(false1) == base ||
          print(false2) == base || print(false1) != print(false2))
        continue;
      PageComparator* cmp = c.compare.get();
      std::string expectFalse = print(false1);
      auto again = std::make_shared<int>(0);
      for (const auto& payload : {true1, false1}) {
        bool isTrue = payload == true1;
        HttpRequest req = t.with(payload);
        HttpRequest trueReq = t.with(true1), falseReq = t.with(false1);
        third.add(req, [&, ti, cmp, payload, isTrue, again, expectFalse, trueReq, falseReq,
                        base](const FetchResult& r) {
          std::string p = cmp->fingerprint(r.response.status, r.response.body, payload);
          if (p != (isTrue ? base : expectFalse)) return;
          if (++*again == 2)
            report("sqli.boolean", targets[ti], falseReq,
                   "the page is unchanged for a true condition (" + describeRequest(trueReq) +
                       ") and changes for a false one, in two spellings and on a repeat; "
                       "false page: " +
                       std::string(r.response.body.substr(0, kExcerpt)));
        });
      }
      break;
    }
  }
  runStage(third);
}

}  // namespace ctc::scanner
