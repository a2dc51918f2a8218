#include "ctc/scanner/fetch/fetcher.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>

namespace ctc::scanner {

struct Fetcher::Transfer {
  std::size_t index = 0;
  FetchResult result;
  std::size_t maxBody = 0;
  curl_slist* headers = nullptr;
  HttpRequest wire;         ///< what is sent: the request plus the session's credentials
  uint64_t generation = 0;  ///< the session's login generation it was sent with
  bool resent = false;      ///< already sent again after a lost session
  char errorBuffer[CURL_ERROR_SIZE] = {};
  CURL* easy = nullptr;

  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
  }
};

namespace {

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Fetcher::Transfer*>(user);
  size_t n = size * count;
  auto& body = t->result.response.body;
  if (body.size() + n > t->maxBody) {
    body.append(data, t->maxBody - body.size());
    t->result.response.truncated = true;
    return 0;  // short count: libcurl aborts with CURLE_WRITE_ERROR
  }
  body.append(data, n);
  return n;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Fetcher::Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  auto& headers = t->result.response.headers;
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new hop (100 Continue, redirect) starts a new header block
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (headers.size() < 200) headers.emplace_back(std::string(line.substr(0, colon)), value);
  return n;
}

FetchError classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return FetchError::None;
    case CURLE_COULDNT_RESOLVE_HOST:
      return FetchError::Dns;
    case CURLE_COULDNT_CONNECT:
      return FetchError::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return FetchError::Tls;
    case CURLE_WRITE_ERROR:
      return FetchError::TooLarge;
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_ERROR:
      return FetchError::ConnectionClosed;
    default:
      return FetchError::Other;
  }
}

}  // namespace

Fetcher::Fetcher(FetchOptions options, std::function<bool()> cancelled)
    : options_(std::move(options)), cancelled_(std::move(cancelled)), multi_(curl_multi_init()) {
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options_.maxInFlight));
  curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    static_cast<long>(options_.maxInFlight));
  for (const auto& pin : options_.resolvePins) resolve_ = curl_slist_append(resolve_, pin.c_str());
}

Fetcher::~Fetcher() {
  curl_multi_cleanup(multi_);
  if (resolve_) curl_slist_free_all(resolve_);
}

CURL* Fetcher::prepare(Transfer& t) {
  CURL* e = curl_easy_init();
  t.wire = t.result.request;
  if (session_ && !t.wire.anonymous) {
    t.generation = session_->generation();
    session_->decorate(t.wire);
  }
  const HttpRequest& r = t.wire;
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  // Redirects are never followed by libcurl: the crawler treats Location as a link, so every
  // hop passes the same-origin scope and the pinned address.
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options_.connectTimeoutMs);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.requestTimeoutMs);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_USERAGENT, options_.userAgent.c_str());
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errorBuffer);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, r.verifyTls ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, r.verifyTls && r.verifyHost ? 2L : 0L);
  if (!options_.caBundle.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.caBundle.c_str());
  if (resolve_) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_);
  if (r.method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else if (r.method != "GET") {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (!r.body.empty() || r.method == "POST") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.c_str());
    }
  }
  for (const auto& [k, v] : r.headers)
    t.headers = curl_slist_append(t.headers, (k + ": " + v).c_str());
  if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
  t.easy = e;
  return e;
}

std::vector<FetchResult> Fetcher::fetchAll(const std::vector<HttpRequest>& requests,
                                           const OnDone& onDone) {
  std::vector<std::unique_ptr<Transfer>> transfers;
  transfers.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto t = std::make_unique<Transfer>();
    t->index = i;
    t->result.request = requests[i];
    t->maxBody = options_.maxBodyBytes;
    transfers.push_back(std::move(t));
  }
  std::deque<Transfer*> waiting;
  for (auto& t : transfers) waiting.push_back(t.get());
  int inFlight = 0;
  bool cancelled = false;

  auto finish = [&](Transfer& t, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    t.result.response.status = status;
    long verify = 0;
    curl_easy_getinfo(t.easy, CURLINFO_SSL_VERIFYRESULT, &verify);
    t.result.response.tlsVerifyResult = verify;
    double total = 0;
    curl_easy_getinfo(t.easy, CURLINFO_TOTAL_TIME, &total);
    t.result.response.seconds = total;
    checkTimes_.add(t.result.request.check, total, 1);
    t.result.error = classify(code);
    if (t.result.response.truncated) t.result.error = FetchError::TooLarge;
    if (code != CURLE_OK)
      t.result.errorDetail = t.errorBuffer[0] ? t.errorBuffer : curl_easy_strerror(code);
    // libcurl's words for a peer that answered with something other than HTTP ("Received
    // HTTP/0.9 when not allowed", "Invalid status line") do not say so plainly.
    if (code == CURLE_WEIRD_SERVER_REPLY ||
        (code == CURLE_UNSUPPORTED_PROTOCOL &&
         t.result.errorDetail.find("HTTP/0.9") != std::string::npos))
      t.result.errorDetail = "the reply is not HTTP: " + t.result.errorDetail;
    curl_multi_remove_handle(multi_, t.easy);
    curl_easy_cleanup(t.easy);
    t.easy = nullptr;
    if (t.headers) {
      curl_slist_free_all(t.headers);
      t.headers = nullptr;
    }
    --inFlight;
    if (session_ && !t.wire.anonymous && t.result.ok()) {
      session_->observe(t.result);
      if (!t.resent && session_->lost(t.result) && session_->renew(t.generation)) {
        t.resent = true;
        HttpRequest request = std::move(t.result.request);
        t.result = FetchResult{};
        t.result.request = std::move(request);
        t.errorBuffer[0] = '\0';
        waiting.push_front(&t);
        return;
      }
    }
    if (onDone) onDone(t.index, t.result);
  };

  using Clock = std::chrono::steady_clock;
  const auto interval = options_.requestsPerSecond > 0
                            ? std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(1.0 / options_.requestsPerSecond))
                            : Clock::duration::zero();
  while (!waiting.empty() || inFlight > 0) {
    if (!cancelled && cancelled_ && cancelled_()) cancelled = true;
    if (cancelled) break;
    auto now = Clock::now();
    while (!waiting.empty() && inFlight < options_.maxInFlight && now >= nextStart_) {
      Transfer* t = waiting.front();
      waiting.pop_front();
      curl_multi_add_handle(multi_, prepare(*t));
      ++inFlight;
      ++requestsSent_;
      // Paced from the later of the previous slot and now: idle time does not bank a burst.
      nextStart_ = std::max(nextStart_, now) + interval;
    }
    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      finish(*t, msg->data.result);
    }
    // Sleeps on the sockets, but no longer than the next paced start or the cancel poll.
    int waitMs = 100;
    if (!waiting.empty() && inFlight < options_.maxInFlight)
      waitMs = static_cast<int>(std::clamp<int64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(nextStart_ - Clock::now()).count() +
              1,
          0, 100));
    if (inFlight > 0 || !waiting.empty()) curl_multi_poll(multi_, nullptr, 0, waitMs, nullptr);
  }

  if (cancelled) {
    for (auto& t : transfers) {
      if (t->easy) {
        curl_multi_remove_handle(multi_, t->easy);
        curl_easy_cleanup(t->easy);
        t->easy = nullptr;
      }
      if (t->result.response.status == 0 && t->result.error == FetchError::None)
        t->result.error = FetchError::Cancelled;
    }
  }
  std::vector<FetchResult> out;
  out.reserve(transfers.size());
  for (auto& t : transfers) out.push_back(std::move(t->result));
  return out;
}

FetchResult Fetcher::fetch(const HttpRequest& request) {
  return std::move(fetchAll({request}).front());
}

}  // namespace ctc::scanner
