#pragma once
/// access.method_bypass: a path that refuses GET (401/403) but serves its content to another
/// verb, as servers do whose access rule names only GET (Apache's <Limit GET>, a framework route
/// guarded for one method).
#include <string>
#include <vector>

#include "ctc/scanner/fetch/request_stage.hpp"
#include "ctc/scanner/finding_collector.hpp"

namespace ctc::scanner {

class MethodBypassCheck {
 public:
  /// forbidden: crawled URLs that answered GET with 401 or 403; marker: unique for this scan.
  MethodBypassCheck(std::vector<std::string> forbidden, std::string marker);
  /// Adds the probes (POST and an invented verb per path, and one control per verb on a path
  /// that does not exist) to stage.
  void plan(RequestStage& stage);
  /// After the stage ran: a verb that answered 2xx with content where GET was refused, while
  /// the same verb on the absent path did not answer the same page.
  void report(FindingCollector& findings) const;

 private:
  struct Answer {
    long status = 0;
    std::string body;
  };
  std::vector<std::string> forbidden_;
  std::string marker_;
  std::vector<std::pair<HttpRequest, Answer>> probes_;  // in plan order
  std::vector<Answer> controls_;                        // one per verb
};

}  // namespace ctc::scanner
