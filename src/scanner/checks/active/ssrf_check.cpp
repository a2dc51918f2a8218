// ssrf.confirmed and ssrf.candidate, for a parameter whose value is a URL. Confirmed: the server
// fetched a URL we chose, seen either as the target's own start page (its <title>) in the
// response, or as a hit on our out-of-band callback URL. A URL parameter that did neither is
// reported as a candidate (low: it may be fetched later, or by another host), unless the
// parameter turned out to be a redirect target.
#include <strings.h>

#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

bool redirectsTo(long status, const std::vector<Header>& headers, const std::string& url) {
  if (status < 300 || status >= 400 || url.empty()) return false;
  for (const auto& [name, value] : headers)
    if (strcasecmp(name.c_str(), "Location") == 0 && value.find(url) != std::string::npos)
      return true;
  return false;
}

class SsrfCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.isParameter() && probe::looksLikeUrl(point.value);
  }

  void start(Attack& a) const override {
    const AttackOptions& o = a.options();
    // The crawled value is a redirect's Location: a redirect parameter, not a candidate.
    if (redirectsTo(a.baseline().status, a.baseline().headers, a.original()))
      a.callbacks.emplace_back("", a.target().endpoint->request());
    if (!o.siteRootUrl.empty()) {
      HttpRequest request = a.target().with(o.siteRootUrl);
      a.send("ssrf", request, [&a, request](const FetchResult& r) {
        const std::string& title = a.options().siteRootTitle;
        if (title.empty() || !probe::newIn(r.response.body, a.baseline().body, title)) return;
        a.report(
            "ssrf.confirmed", request,
            "the response contains the title of " + a.options().siteRootUrl + " (\"" + title +
                "\"), which the server fetched: " + probe::excerptAround(r.response.body, title));
        a.callbacks.emplace_back("", request);  // confirmed: no candidate in finish()
      });
    }
    if (o.outOfBand) {
      auto callback = o.outOfBand->newCallback();
      HttpRequest request = a.target().with(callback.second);
      a.callbacks.emplace_back(callback.first, request);
      a.send("ssrf", request, [&a, request, url = callback.second](const FetchResult& r) {
        // A value that comes back as the Location is the browser's to fetch (redirect.open
        // judges it), not the server's: no candidate.
        if (redirectsTo(r.response.status, r.response.headers, url))
          a.callbacks.emplace_back("", request);
      });
    }
  }

  void finish(Attack& a) const override {
    for (const auto& [token, request] : a.callbacks) {
      if (token.empty()) return;  // proven by the title, or a redirect: no candidate
      if (auto hits = a.options().outOfBand->hits(token); !hits.empty()) {
        a.report("ssrf.confirmed", request,
                 "the server fetched our callback URL (out of band): " + hits.front());
        return;
      }
    }
    a.report("ssrf.candidate", a.target().endpoint->request(),
             "parameter value is a URL: " + a.original());
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeSsrfCheck() {
  return std::make_unique<SsrfCheck>();
}

}  // namespace ctc::scanner
