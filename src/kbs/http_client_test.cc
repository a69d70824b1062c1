#include "src/kbs/http_client.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(IsLoopbackOriginTest, OnlyThisMachinesAddressesAndName) {
  for (absl::string_view url : {"http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:1",
                                "http://LOCALHOST", "http://[::1]:8080", "https://[::1]",
                                // libcurl writes the address it will connect to: 127.0.0.1.
                                "http://0x7f000001"}) {
    absl::StatusOr<std::string> origin = KbsOrigin(url);
    ASSERT_TRUE(origin.ok()) << url;
    EXPECT_TRUE(IsLoopbackOrigin(*origin)) << url;
  }
  for (absl::string_view url : {"http://128.0.0.1", "http://10.0.0.1:8080",
                                "http://127.0.0.1.example", "http://localhost.example",
                                "http://kbs:8080", "http://[::2]", "http://[::ffff:127.0.0.1]"}) {
    absl::StatusOr<std::string> origin = KbsOrigin(url);
    if (origin.ok()) EXPECT_FALSE(IsLoopbackOrigin(*origin)) << url << " -> " << *origin;
  }
  // What KbsOrigin never gives, still no loopback.
  for (absl::string_view origin : {"", "127.0.0.1", "http://[::1", "http://[", "://"}) {
    EXPECT_FALSE(IsLoopbackOrigin(origin)) << origin;
  }
}

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
