#include "ctc/scanner/crawl/xml_endpoints.hpp"

#include "ctc/scanner/fetch/request_stage.hpp"

namespace ctc::scanner {
namespace {

struct Answer {
  long status = 0;
  std::string body;
};

std::string without(std::string text, const std::string& cut) {
  for (auto at = text.find(cut); at != std::string::npos; at = text.find(cut, at))
    text.erase(at, cut.size());
  return text;
}

}  // namespace

std::vector<std::string> findXmlReaders(const std::vector<std::string>& candidates,
                                        const std::string& marker, Fetcher& fetcher,
                                        const Fetcher::OnDone& onEach) {
  struct Answers {
    Answer xml, empty, emptyAgain;
  };
  std::vector<Answers> answers(candidates.size());
  RequestStage stage(64u << 10);
  const std::string document = "<?xml version=\"1.0\"?><" + marker + ">1</" + marker + ">";
  for (std::size_t i = 0; i < candidates.size(); ++i)
    for (Answer* answer : {&answers[i].xml, &answers[i].empty, &answers[i].emptyAgain}) {
      HttpRequest request{"POST",
                          candidates[i],
                          {{"Content-Type", "application/xml"}},
                          answer == &answers[i].xml ? document : ""};
      stage.add(std::move(request), [answer, &marker](const FetchResult& r) {
        *answer = {r.response.status, without(r.response.body, marker)};
      });
    }
  stage.run(fetcher, onEach);
  std::vector<std::string> readers;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Answers& a = answers[i];
    if (a.xml.status == 0 || a.empty.status == 0) continue;  // no answer to one of them
    bool steady = a.empty.status == a.emptyAgain.status && a.empty.body == a.emptyAgain.body;
    if (steady && (a.xml.status != a.empty.status || a.xml.body != a.empty.body))
      readers.push_back(candidates[i]);
  }
  return readers;
}

}  // namespace ctc::scanner
