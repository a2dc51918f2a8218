#include "ctc/report/curl_command.hpp"

#include <gtest/gtest.h>

namespace ctc::report {
namespace {

TEST(CurlCommand, GetPostHeadersAndBodyQuotedForTheShell) {
  EXPECT_EQ(curlCommand("GET http://h/a?q=1"), "curl -i 'http://h/a?q=1'");
  EXPECT_EQ(curlCommand("HEAD http://h/"), "curl -i -I 'http://h/'");
  EXPECT_EQ(curlCommand("POST http://h/api/orders\nContent-Type: application/json\n\n"
                        "{\"name\": \"x'\\\"\"}"),
            "curl -i -X POST 'http://h/api/orders' -H 'Content-Type: application/json' "
            "--data-binary '{\"name\": \"x'\\''\\\"\"}'");
  EXPECT_EQ(curlCommand("GET http://h/a\nUser-Agent: x'$(id)"),
            "curl -i 'http://h/a' -H 'User-Agent: x'\\''$(id)'");
}

TEST(CurlCommand, SummariesAreNoCommand) {
  EXPECT_EQ(curlCommand(""), "");
  EXPECT_EQ(curlCommand("TLS handshake with h:443"), "");
  EXPECT_EQ(curlCommand("get http://h/"), "");
  EXPECT_EQ(curlCommand("GET ftp://h/"), "");
}

}  // namespace
}  // namespace ctc::report
