// ISO-8601 parsing (Veracode's start_date) and UUID-shaped ids (Codacy's analysisId).
#include <gtest/gtest.h>

#include "ctc/util/clock.hpp"
#include "ctc/util/uuid.hpp"

namespace ctc {
namespace {

TEST(Iso8601, ParsesZonesAndRefusesWhatIsNotATime) {
  EXPECT_EQ(parseIso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseIso8601("2016-12-03T10:15+01:00"), parseIso8601("2016-12-03T09:15:00Z"));
  EXPECT_EQ(parseIso8601("2016-12-03T10:15:30.250-0230"), parseIso8601("2016-12-03T12:45:30Z"));
  EXPECT_EQ(iso8601(*parseIso8601("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
  for (const char* bad : {"", "tomorrow", "2016-12-03", "2016-12-03T10:15", "2016-13-01T00:00Z",
                          "2025-02-29T00:00Z", "2016-04-31T00:00Z", "2016-12-03T24:00Z",
                          "2016-12-03T10:15+1", "2016-12-03T10:15Zjunk", "0013-12-03T10:01:10z"})
    EXPECT_FALSE(parseIso8601(bad)) << bad;
}

TEST(Uuids, IdUuidsEncodeKindAndIdAndNameUuidsAreStable) {
  std::string u = idUuid(0xda57, 42);
  EXPECT_EQ(u, "0000da57-0000-4000-8000-00000000002a");
  EXPECT_NE(idUuid(0xda57, 43), u);
  EXPECT_NE(idUuid(0xda58, 42), u);
  EXPECT_EQ(nameUuid("a"), nameUuid("a"));
  EXPECT_NE(nameUuid("a"), nameUuid("b"));
  std::string n = nameUuid("a");
  EXPECT_EQ(n.size(), 36u);
  EXPECT_EQ(n[14], '8');                                          // version 8
  EXPECT_NE(std::string("89ab").find(n[19]), std::string::npos);  // RFC 9562 variant
}

}  // namespace
}  // namespace ctc
