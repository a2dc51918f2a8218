// The Content-Length lines Pistache 0.0.5 would misread never reach it.
#include "ctc/http/content_length_guard.hpp"

#include <gtest/gtest.h>

namespace ctc::http {
namespace {

constexpr uint64_t kMax = 1 << 20;

Status check(const std::string& head) {
  ContentLengthGuard guard;
  return guard.feed(head, kMax);
}

TEST(ContentLengthGuardTest, PlainLengthsPass) {
  EXPECT_TRUE(check("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"));
  EXPECT_TRUE(check("POST / HTTP/1.1\r\ncontent-length:0\r\n\r\n"));
  EXPECT_TRUE(check("POST / HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n"));
  EXPECT_TRUE(check("POST / HTTP/1.1\r\nContent-Length: 7\r\nCONTENT-LENGTH: 7\r\n\r\n"));
  EXPECT_TRUE(check("GET / HTTP/1.1\r\nX-Content-Length: -1\r\nContent-Lengths: x\r\n\r\n"));
}

TEST(ContentLengthGuardTest, OverLimitOrOverflowingIs413) {
  for (const char* value : {"1048577", "99999999999999999999999", "18446744073709551616",
                            "000000000000000000000000000001048577"}) {
    auto checked = check(std::string("POST / HTTP/1.1\r\nContent-Length: ") + value + "\r\n\r\n");
    ASSERT_FALSE(checked) << value;
    EXPECT_EQ(checked.error().kind, ErrorKind::TooLarge) << value;
  }
}

TEST(ContentLengthGuardTest, NotANumberOrConflictingIs400) {
  for (const char* lines : {"Content-Length: -1", "Content-Length: abc", "Content-Length: 5xyz",
                            "Content-Length:", "Content-Length: 5, 5", "Content-Length: +5",
                            "Content-Length: 5\r\nContent-Length: 3",
                            "Content-Length: 5\r\nContent-Length: 99999999999999999999"}) {
    auto checked = check(std::string("POST / HTTP/1.1\r\n") + lines + "\r\n\r\n");
    ASSERT_FALSE(checked) << lines;
    EXPECT_EQ(checked.error().kind, ErrorKind::BadRequest) << lines;
  }
}

TEST(ContentLengthGuardTest, LinesSplitAcrossReadsAndBodiesAreHandled) {
  ContentLengthGuard guard;
  std::string request = "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n";
  Status last = okStatus();
  for (char c : request)
    if (last = guard.feed(std::string_view(&c, 1), kMax); !last) break;
  EXPECT_FALSE(last);

  // A body that looks like a header is not one; after reset() a new request is checked afresh.
  guard.reset();
  EXPECT_TRUE(guard.feed("POST / HTTP/1.1\r\nContent-Length: 30\r\n\r\n", kMax));
  EXPECT_TRUE(guard.feed("Content-Length: 99999999999\r\n\r\n", kMax));
  guard.reset();
  EXPECT_FALSE(guard.feed("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", kMax));
}

}  // namespace
}  // namespace ctc::http
