// xss.reflected and injection.ssti start from one probe: the marker followed by a template
// expression in three syntaxes. Where the marker comes back in HTML, a ladder of payloads built
// for that context (xss_analysis) goes out one per round until one becomes executable markup;
// where the product of the expression appears, a second expression with other numbers confirms.
#include "ctc/scanner/checks/active/xss_analysis.hpp"
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

class ReflectionCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    return point.kind != InputKind::XmlBody;
  }

  void start(Attack& a) const override {
    auto [x, y] = probe::randomFactors();
    std::string product = std::to_string(x * y), expr = std::to_string(x) + "*" + std::to_string(y);
    // One probe serves both checks; XSS, which most often goes on from it, is charged its time.
    a.sendValue("xss.reflected", a.marker() + "{{" + expr + "}}${" + expr + "}<%=" + expr + "%>",
                [&a, product](const FetchResult& r) {
                  if (r.response.isHtml())
                    for (const auto& where : findReflections(r.response.body, a.marker()))
                      tryPayloads(a, where);
                  if (a.point().kind != InputKind::Header &&
                      probe::newIn(r.response.body, a.baseline().body, product))
                    confirmTemplate(a);
                });
  }

 private:
  static void tryPayloads(Attack& a, const Reflection& where) {
    sendInTurn(a, xssPayloads(where, a.marker()), "xss.reflected", [&a](const FetchResult& r) {
      if (!r.response.isHtml()) return std::string();
      std::string proof = provenXss(r.response.body, a.marker());
      // The parsed proof, then the raw bytes around it, which the finding's curl shows too.
      return proof.empty()
                 ? proof
                 : "the payload became executable markup: " + proof +
                       "; in the answer: " + probe::excerptAround(r.response.body, a.marker());
    });
  }

  static void confirmTemplate(Attack& a) {
    auto [x, y] = probe::randomFactors();
    std::string product = std::to_string(x * y);
    HttpRequest request =
        a.target().with(a.original() + "{{" + std::to_string(x) + "*" + std::to_string(y) + "}}");
    a.send("injection.ssti", request, [&a, request, product](const FetchResult& r) {
      if (r.response.body.find(product) != std::string::npos)
        a.report("injection.ssti", request,
                 "the template evaluated the expression to " + product +
                     " (twice, with different numbers): " +
                     probe::excerptAround(r.response.body, product));
    });
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeReflectionCheck() {
  return std::make_unique<ReflectionCheck>();
}

}  // namespace ctc::scanner
