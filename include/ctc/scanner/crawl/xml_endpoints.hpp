#pragma once
/// Endpoints that read a POSTed XML document although nothing on the page says so (a script
/// reading its raw body): each candidate gets a small XML document and, twice, an empty body,
/// all as application/xml. When the two empty POSTs agree and the document is answered
/// differently (status, or body once the marker is cut out), the body is read, so its XML body
/// becomes an insertion point. A page that changes by itself is never taken.
#include <string>
#include <vector>

#include "ctc/scanner/fetch/fetcher.hpp"

namespace ctc::scanner {

/// candidates: URLs without query (dynamic paths the crawl answered); marker: unique text.
/// Returns the candidates that read the body, in candidate order. Three requests each.
std::vector<std::string> findXmlReaders(const std::vector<std::string>& candidates,
                                        const std::string& marker, Fetcher& fetcher,
                                        const Fetcher::OnDone& onEach);

}  // namespace ctc::scanner
