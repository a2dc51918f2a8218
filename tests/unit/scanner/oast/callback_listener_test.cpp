#include "ctc/scanner/oast/callback_listener.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>

namespace ctc::scanner {
namespace {

struct Reply {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
};

size_t appendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

Reply get(const std::string& url, const std::vector<std::string>& headers = {}) {
  Reply reply;
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "oast-test/1.0");
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  reply.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return reply;
}

/// A blocking TCP socket connected to 127.0.0.1:port with a 5 s receive timeout.
int connectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Sends `bytes` on a fresh connection, closes our side, and returns whatever came back.
std::string sendRaw(uint16_t port, const std::string& bytes) {
  int fd = connectLoopback(port);
  if (fd < 0) return "<connect failed>";
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  std::string reply;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) reply.append(buffer, n);
  ::close(fd);
  return reply;
}

std::unique_ptr<CallbackListener> startLoopback(const std::string& publicBaseUrl = "") {
  auto started = CallbackListener::start("127.0.0.1:0", publicBaseUrl);
  if (!started) ADD_FAILURE() << started.error().message;
  return started ? std::move(started).value() : nullptr;
}

TEST(CallbackListener, RecordsAFetchedCallbackUrl) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  EXPECT_NE(listener->port(), 0);
  EXPECT_EQ(listener->baseUrl(), "http://127.0.0.1:" + std::to_string(listener->port()));

  auto callback = listener->newCallback();
  const std::string token = callback.first;
  EXPECT_TRUE(std::regex_match(token, std::regex("oast[0-9a-f]{20}"))) << token;
  EXPECT_EQ(callback.second, listener->baseUrl() + "/" + token);
  EXPECT_NE(listener->newCallback().first, token);
  EXPECT_TRUE(listener->hits(token).empty());

  Reply reply = get(callback.second);
  ASSERT_EQ(reply.code, CURLE_OK) << curl_easy_strerror(reply.code);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "ok");

  auto hits = listener->hits(token);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].find("GET /" + token + " HTTP/1.1"), std::string::npos) << hits[0];
  EXPECT_NE(hits[0].find(" from 127.0.0.1:"), std::string::npos) << hits[0];
  EXPECT_NE(hits[0].find("(User-Agent: oast-test/1.0)"), std::string::npos) << hits[0];
}

TEST(CallbackListener, UnknownTokensAreIgnored) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  const std::string known = listener->newCallback().first;
  const std::string unknown = "oast" + std::string(20, '0');

  EXPECT_EQ(get(listener->baseUrl() + "/" + unknown).status, 200);
  EXPECT_EQ(get(listener->baseUrl() + "/anything?q=oast").status, 200);
  EXPECT_TRUE(listener->hits(known).empty());
  EXPECT_TRUE(listener->hits(unknown).empty());
}

TEST(CallbackListener, TokenInHostHeaderOnlyCounts) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  const std::string token = listener->newCallback().first;

  Reply reply = get(listener->baseUrl() + "/", {"Host: " + token + ".oast.test"});
  ASSERT_EQ(reply.code, CURLE_OK) << curl_easy_strerror(reply.code);
  EXPECT_EQ(reply.status, 200);

  auto hits = listener->hits(token);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].find("GET / HTTP/1.1 from 127.0.0.1:"), std::string::npos) << hits[0];
  EXPECT_NE(hits[0].find("Host: " + token + ".oast.test"), std::string::npos) << hits[0];
}

TEST(CallbackListener, TokenMatchIgnoresCase) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  const std::string token = listener->newCallback().first;
  std::string upper = token;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(get(listener->baseUrl() + "/x/" + upper + "/y").status, 200);
  EXPECT_EQ(listener->hits(token).size(), 1u);
}

TEST(CallbackListener, SurvivesGarbageAndStillAnswers) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  const uint16_t port = listener->port();

  std::string binary;
  for (int i = 0; i < 20000; ++i) binary += static_cast<char>((i * 7919) % 256);
  sendRaw(port, binary);                            // more than a head's worth, no CRLFCRLF
  sendRaw(port, std::string("\0\0\0\xff\xfe", 5));  // a few bytes, then close
  sendRaw(port, "");                                // connect and close at once
  sendRaw(port, "\r\n\r\n");                        // an empty head
  sendRaw(port, ":\n:\n\n");                        // headers without names

  // A token among control bytes and non-ASCII: recorded, but only printable ASCII is kept.
  const std::string token = listener->newCallback().first;
  std::string reply =
      sendRaw(port, "GET /" + token + "\x01\xff HTTP/1.1\r\nUser-Agent: \x1b[31m\\" +
                        std::string(500, 'A') + "\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
  auto hits = listener->hits(token);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_TRUE(std::all_of(hits[0].begin(), hits[0].end(), [](unsigned char c) {
    return c >= 0x20 && c < 0x7f;
  })) << hits[0];
  EXPECT_NE(hits[0].find(token + "\\x01\\xff HTTP/1.1"), std::string::npos) << hits[0];
  EXPECT_LT(hits[0].size(), 600u);

  const std::string after = listener->newCallback().first;
  Reply ok = get(listener->baseUrl() + "/" + after);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "ok");
  EXPECT_EQ(listener->hits(after).size(), 1u);
}

TEST(CallbackListener, DropsAConnectionThatSendsNothing) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  int fd = connectLoopback(listener->port());
  ASSERT_GE(fd, 0);
  auto begin = std::chrono::steady_clock::now();
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, 0);  // blocks until the listener closes (or 5 s)
  auto waited = std::chrono::steady_clock::now() - begin;
  ::close(fd);
  EXPECT_EQ(n, 0);
  EXPECT_GT(waited, std::chrono::milliseconds(1500));
  EXPECT_LT(waited, std::chrono::milliseconds(4000));
}

TEST(CallbackListener, AddressInUseIsAnErrorNamingTheAddress) {
  int blocker = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(blocker, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(blocker, 1), 0);
  socklen_t len = sizeof addr;
  getsockname(blocker, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string address = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  auto started = CallbackListener::start(address, "");
  ::close(blocker);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(started.error().message.find(address), std::string::npos) << started.error().message;
}

TEST(CallbackListener, MalformedAddressesAreBadRequests) {
  for (const char* address : {"", "nonsense", "127.0.0.1", "127.0.0.1:", "127.0.0.1:99999",
                              "127.0.0.1:http", "[::1", "[::1]8080", "::1:80", ":8080"}) {
    auto started = CallbackListener::start(address, "");
    ASSERT_FALSE(started) << address;
    EXPECT_EQ(started.error().kind, ErrorKind::BadRequest) << address;
    EXPECT_NE(started.error().message.find("'" + std::string(address) + "'"), std::string::npos)
        << started.error().message;
  }
  auto badBase = CallbackListener::start("127.0.0.1:0", "ftp://oast.example.com");
  ASSERT_FALSE(badBase);
  EXPECT_EQ(badBase.error().kind, ErrorKind::BadRequest);
}

TEST(CallbackListener, PublicBaseUrlPrefixesCallbackUrls) {
  auto listener = startLoopback("https://oast.example.com/");
  ASSERT_TRUE(listener);
  EXPECT_EQ(listener->baseUrl(), "https://oast.example.com");
  auto callback = listener->newCallback();
  EXPECT_EQ(callback.second, "https://oast.example.com/" + callback.first);

  // A reverse proxy forwarding the DNS-style name to us still counts.
  get("http://127.0.0.1:" + std::to_string(listener->port()) + "/",
      {"Host: " + callback.first + ".oast.example.com"});
  EXPECT_EQ(listener->hits(callback.first).size(), 1u);
}

TEST(CallbackListener, HitsAreCappedPerToken) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  auto callback = listener->newCallback();
  for (std::size_t i = 0; i < CallbackListener::kMaxHitsPerToken + 5; ++i)
    ASSERT_EQ(get(callback.second + "?n=" + std::to_string(i)).status, 200) << i;
  auto hits = listener->hits(callback.first);
  ASSERT_EQ(hits.size(), CallbackListener::kMaxHitsPerToken);
  EXPECT_NE(hits.front().find("?n=0 "), std::string::npos) << hits.front();  // the first are kept
}

TEST(CallbackListener, ForgetsTheOldestTokensPastTheCap) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  auto oldest = listener->newCallback();
  std::pair<std::string, std::string> newest;
  for (std::size_t i = 0; i < CallbackListener::kMaxTokens; ++i) newest = listener->newCallback();
  get(oldest.second);
  get(newest.second);
  EXPECT_TRUE(listener->hits(oldest.first).empty());
  EXPECT_EQ(listener->hits(newest.first).size(), 1u);
}

TEST(CallbackListener, ListensOnIpv6Loopback) {
  auto started = CallbackListener::start("[::1]:0", "");
  if (!started) GTEST_SKIP() << "no IPv6 loopback here: " << started.error().message;
  auto& listener = *started;
  EXPECT_EQ(listener->baseUrl(), "http://[::1]:" + std::to_string(listener->port()));
  auto callback = listener->newCallback();
  EXPECT_EQ(get(callback.second).status, 200);
  auto hits = listener->hits(callback.first);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].find(" from [::1]:"), std::string::npos) << hits[0];
}

TEST(CallbackListener, DestructorStopsPromptly) {
  auto listener = startLoopback();
  ASSERT_TRUE(listener);
  int idle = connectLoopback(listener->port());  // an open connection must not hold it up
  auto begin = std::chrono::steady_clock::now();
  listener.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(1000));
  if (idle >= 0) ::close(idle);
}

}  // namespace
}  // namespace ctc::scanner
