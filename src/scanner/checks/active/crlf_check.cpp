// injection.crlf: where the value already lands in a response header (Set-Cookie, Location), a
// CR LF and a header of our own; the header must come back as a header.
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

bool echoedInHeaders(const std::vector<Header>& headers, const std::string& value) {
  if (value.size() < 2) return false;
  for (const auto& [name, v] : headers)
    if (v.find(value) != std::string::npos) return true;
  return false;
}

class CrlfCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.isParameter() || point.kind == InputKind::Cookie;
  }

  void start(Attack& a) const override {
    if (!echoedInHeaders(a.baseline().headers, a.original())) return;
    std::string header = "X-Ctc-" + a.marker();
    HttpRequest request = a.target().with(a.original() + "\r\n" + header + ": injected");
    a.send("injection.crlf", request, [&a, request, header](const FetchResult& r) {
      if (r.response.header(header))
        a.report("injection.crlf", request,
                 "response header " + header +
                     " was set by the request: " + probe::headersText(r.response));
    });
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeCrlfCheck() {
  return std::make_unique<CrlfCheck>();
}

}  // namespace ctc::scanner
