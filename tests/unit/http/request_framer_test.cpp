// Where each request on a connection ends, and what never reaches Pistache's parser.
#include "ctc/http/request_framer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ctc::http {
namespace {

using Kind = RequestFramer::Event::Kind;
constexpr uint64_t kMax = 1 << 20;

/// Every event until NeedMore or Error.
std::vector<RequestFramer::Event> drain(RequestFramer& framer) {
  std::vector<RequestFramer::Event> events;
  for (;;) {
    auto e = framer.next();
    if (e.kind == Kind::NeedMore) return events;
    events.push_back(e);
    if (e.kind == Kind::Error) return events;
  }
}

RequestFramer::Event only(const std::string& bytes) {
  RequestFramer framer;
  framer.append(bytes);
  auto events = drain(framer);
  if (events.empty()) return {};
  return events.back();
}

TEST(RequestFramer, PipelinedRequestsComeOutOneByOneInOrder) {
  RequestFramer framer;
  std::string get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string post = "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
  framer.append(get + post + get);
  auto events = drain(framer);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].bytes, get);
  EXPECT_EQ(events[1].bytes, post);
  EXPECT_EQ(events[2].bytes, get);
  EXPECT_EQ(framer.buffered(), 0u);
  EXPECT_EQ(framer.phase(), RequestFramer::Phase::Idle);
}

TEST(RequestFramer, BytesSplitAnywhereGiveTheSameMessages) {
  std::string stream =
      "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n"
      "GET /c HTTP/1.1\r\n\r\nPUT /d HTTP/1.1\r\ncontent-length:2\r\n\r\nok";
  RequestFramer framer;
  std::vector<std::string> messages;
  for (char c : stream) {
    framer.append(std::string_view(&c, 1));
    for (auto& e : drain(framer)) {
      ASSERT_NE(e.kind, Kind::Error) << e.reason;
      if (e.kind == Kind::Message) messages.push_back(e.bytes);
    }
  }
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].substr(messages[0].size() - 8), "T: 1\r\n\r\n");
  EXPECT_EQ(messages[1], "GET /c HTTP/1.1\r\n\r\n");
  EXPECT_EQ(messages[2].substr(messages[2].size() - 2), "ok");
}

TEST(RequestFramer, PhasesFollowTheRequest) {
  RequestFramer framer;
  EXPECT_EQ(framer.phase(), RequestFramer::Phase::Idle);
  framer.append("POST / HTTP/1.1\r\nContent-");
  drain(framer);
  EXPECT_EQ(framer.phase(), RequestFramer::Phase::Head);
  framer.append("Length: 4\r\n\r\nab");
  drain(framer);
  EXPECT_EQ(framer.phase(), RequestFramer::Phase::Body);
  framer.append("cd");
  ASSERT_EQ(drain(framer).size(), 1u);
  EXPECT_EQ(framer.phase(), RequestFramer::Phase::Idle);
}

TEST(RequestFramer, HeadReadyOnlyWhileTheBodyIsAwaited) {
  RequestFramer framer;
  framer.append("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  auto events = drain(framer);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::HeadReady);
  EXPECT_TRUE(framer.head().expectContinue);
  EXPECT_EQ(events[0].bytes.substr(0, 6), "POST /");
  framer.append("abc");
  events = drain(framer);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Message);

  // Body bytes sent with the head: the client did not wait, there is nothing to announce.
  framer.append("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\na");
  EXPECT_TRUE(drain(framer).empty());
  // No body at all: the message is complete at once.
  RequestFramer empty;
  empty.append("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n");
  events = drain(empty);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Message);
}

TEST(RequestFramer, ConnectionFollowsTheHeaderAndTheVersion) {
  auto keepAlive = [](const std::string& head) {
    RequestFramer framer;
    framer.append(head + "\r\n");
    drain(framer);
    return framer.head().keepAlive;
  };
  EXPECT_TRUE(keepAlive("GET / HTTP/1.1\r\n"));
  EXPECT_FALSE(keepAlive("GET / HTTP/1.1\r\nConnection: close\r\n"));
  EXPECT_FALSE(keepAlive("GET / HTTP/1.1\r\nconnection: Upgrade, Close\r\n"));
  EXPECT_FALSE(keepAlive("GET / HTTP/1.0\r\n"));
  EXPECT_TRUE(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n"));
}

TEST(RequestFramer, OversizedRequestLineOrHeaderSectionIs431) {
  FramerLimits limits;
  EXPECT_EQ(only("GET /" + std::string(limits.requestLine, 'a') + " HTTP/1.1\r\n\r\n").status, 431);
  // Refused as soon as the limit is passed, before the line or the head has ended.
  EXPECT_EQ(only("GET /" + std::string(limits.requestLine, 'a')).status, 431);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nX-Big: " + std::string(limits.headerSection, 'a')).status, 431);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nX-Big: " + std::string(8000, 'a') + "\r\n\r\n").kind,
            Kind::Message);
}

TEST(RequestFramer, ALineAtTheLimitPassesWhetherItsCrlfArrivesWithItOrLater) {
  FramerLimits limits;
  std::string line = "GET /" + std::string(limits.requestLine - 14, 'a') + " HTTP/1.1";
  ASSERT_EQ(line.size(), limits.requestLine);
  EXPECT_EQ(only(line + "\r\n\r\n").kind, Kind::Message);
  RequestFramer split;
  split.append(line + "\r");  // the CR may start the CRLF: not counted
  EXPECT_TRUE(drain(split).empty());
  split.append("\n\r\n");
  auto events = drain(split);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Message);
}

TEST(RequestFramer, ContentLengthMustBeOnePlainNumberWithinTheLimit) {
  for (const char* value : {"1048577", "99999999999999999999999", "18446744073709551616",
                            "000000000000000000000000000001048577"})
    EXPECT_EQ(only(std::string("POST / HTTP/1.1\r\nContent-Length: ") + value + "\r\n\r\n").status,
              413)
        << value;
  for (const char* lines : {"Content-Length: -1", "Content-Length: abc", "Content-Length: 5xyz",
                            "Content-Length:", "Content-Length: 5, 5", "Content-Length: +5",
                            "Content-Length: 5\r\nContent-Length: 3",
                            "Content-Length: 5\r\nContent-Length: 99999999999999999999"})
    EXPECT_EQ(only(std::string("POST / HTTP/1.1\r\n") + lines + "\r\n\r\n").status, 400) << lines;
  EXPECT_EQ(only("POST / HTTP/1.1\r\nContent-Length: 2\r\nCONTENT-LENGTH: 2\r\n\r\nok").kind,
            Kind::Message);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nX-Content-Length: -1\r\n\r\n").kind, Kind::Message);
}

TEST(RequestFramer, SmugglingShapesAndUnsupportedFramingAreRefused) {
  EXPECT_EQ(
      only("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n").status,
      400);
  EXPECT_EQ(only("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").status, 400);
  EXPECT_EQ(only("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked"
                 "\r\n\r\n")
                .status,
            400);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n").status, 400);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n").status, 400);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n").status, 400);
  EXPECT_EQ(only("GET / HTTP/2.0\r\n\r\n").status, 400);
  EXPECT_EQ(only("GET /\r\n\r\n").status, 400);
  EXPECT_EQ(only("GET / HTTP/1.1\r\nExpect: something-else\r\n\r\n").status, 417);
}

TEST(RequestFramer, ChunkedBodiesAreBoundedAndChecked) {
  EXPECT_EQ(only("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").status, 400);
  EXPECT_EQ(only("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n").status, 400);
  EXPECT_EQ(
      only("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n").status,
      413);
  std::string many = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) many += "80000\r\n" + std::string(0x80000, 'a') + "\r\n";
  EXPECT_EQ(only(many).status, 413) << "1.5 MiB in chunks of 512 KiB";
}

TEST(RequestFramer, EmptyLinesBeforeARequestAreSkippedAndErrorsStick) {
  RequestFramer framer;
  framer.append("\r\n\r\nGET / HTTP/1.1\r\n\r\n");
  auto events = drain(framer);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Message);
  framer.append("garbage\r\n\r\nGET / HTTP/1.1\r\n\r\n");
  events = drain(framer);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::Error);
  EXPECT_EQ(framer.next().kind, Kind::Error) << "nothing after a framing error is trusted";
}

}  // namespace
}  // namespace ctc::http
