#include "src/kbs/http_client.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(KbsOriginTest, SchemeHostAndPortOnly) {
  EXPECT_EQ(*KbsOrigin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(*KbsOrigin("https://kbs.example/"), "https://kbs.example");
  EXPECT_EQ(*KbsOrigin("http://[::1]:8080"), "http://[::1]:8080");
  for (absl::string_view bad :
       {"", "kbs.example", "ftp://kbs.example", "file:///etc/passwd", "http://kbs/prefix",
        "http://user:pass@kbs", "http://kbs/?x=1", "http://kbs/#frag", "http://", "http://kbs\n"}) {
    absl::StatusOr<std::string> origin = KbsOrigin(bad);
    ASSERT_FALSE(origin.ok()) << bad;
    EXPECT_NE(origin.status().message().find("is not http[s]://host[:port]"), std::string::npos);
  }
}

TEST(HttpClientTest, NothingListeningIsOneClearError) {
  absl::StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(HttpSettings{});
  ASSERT_TRUE(client.ok()) << client.status();
  // Port 1 on loopback: reserved, nothing listens there.
  absl::StatusOr<HttpResponse> response = (*client)->Get("http://127.0.0.1:1/kbs/v0/auth");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().message().rfind("cannot connect (", 0), 0u) << response.status();
}

}  // namespace
}  // namespace coco
