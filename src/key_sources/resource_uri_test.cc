#include "src/key_sources/resource_uri.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

struct KeyIdForm {
  absl::string_view keyid;
  absl::string_view kid;
  absl::string_view resource_path;
};

TEST(ResourceUriTest, KeyIdFormsBecomeKidsCocoGuestsParse) {
  const KeyIdForm forms[] = {
      {"kbs:///default/key/key_id1", "kbs:///default/key/key_id1", "default/key/key_id1"},
      {"kbs://kbs.example:8080/default/key/k", "kbs://kbs.example:8080/default/key/k",
       "default/key/k"},
      {"kbs+pkcs11:///repo/type/tag", "kbs+pkcs11:///repo/type/tag", "repo/type/tag"},
      {"kbs+plugin://10.0.0.1/one/two/three/four", "kbs+plugin://10.0.0.1/one/two/three/four",
       "one/two/three/four"},
      {"kbs+vault:///single", "kbs+vault:///single", "single"},
      {"10.0.0.1:8080/default/key/k", "kbs://10.0.0.1:8080/default/key/k", "default/key/k"},
      {"kbs.example/r/t/g", "kbs://kbs.example/r/t/g", "r/t/g"},
      {"/default/key/key_id1", "kbs:///default/key/key_id1", "default/key/key_id1"},
      {"kbs:///repo/type/tag?version=2", "kbs:///repo/type/tag?version=2", "repo/type/tag"},
      {"kbs://[::1]:8080/a/b/c", "kbs://[::1]:8080/a/b/c", "a/b/c"},
      {"kbs://[fe80::1]/a/b/c", "kbs://[fe80::1]/a/b/c", "a/b/c"},
      {"kbs://my_kbs.local:65535/a/b/c", "kbs://my_kbs.local:65535/a/b/c", "a/b/c"},
  };
  for (const KeyIdForm& form : forms) {
    auto uri = ResourceUri::ParseKeyId(form.keyid);
    ASSERT_TRUE(uri.ok()) << form.keyid << ": " << uri.status();
    EXPECT_EQ(uri->ToString(), form.kid);
    EXPECT_EQ(uri->resource_path(), form.resource_path);
    // What we write must parse again as a kid, to the same thing.
    auto reparsed = ResourceUri::ParseKid(uri->ToString());
    ASSERT_TRUE(reparsed.ok()) << form.kid;
    EXPECT_EQ(reparsed->ToString(), form.kid);
  }
}

TEST(ResourceUriTest, RejectsWhatCocoGuestsCannotParse) {
  for (absl::string_view bad : {
           "",
           "key_id1",
           "default/key/key_id1",  // read as address "default" with a two-segment path
           "/default/key",         // two segments
           "/a/b/c/d",             // four segments for kbs://
           "kbs:///a//c",
           "kbs:///a/b/c/",
           "kbs://",
           "kbs:",
           "http:///a/b/c",
           "kbs+:///a/b/c",
           "KBS:///a/b/c",
           "kbs:///a/b c/d",
           "kbs:///a/b/c#frag",
           "kbs://bad host/a/b/c",
           "kbs:///a/b/\xc3\xa9",
           // Addresses and queries a URL parser (the Rust url crate in CoCo guests) refuses.
           "kbs://host:abc/a/b/c",
           "kbs://:8080/a/b/c",
           "10.0.0.1:99999/a/b/c",
           "kbs://host:/a/b/c",
           "kbs://a]b/a/b/c",
           "kbs://[::1/a/b/c",
           "kbs://[]/a/b/c",
           "kbs://[::1]x/a/b/c",
           "kbs://host%41/a/b/c",
           "kbs://user@host/a/b/c",
           "kbs:///a/b/c?x=\xc3\xa9",
           "kbs:///a/b/c?x=\x1b",
           "kbs:///a/b/c?x y",
       }) {
    EXPECT_FALSE(ResourceUri::ParseKeyId(bad).ok()) << bad;
  }
}

// A guest normalises the URI path before the lookup (kbs:///default/key/.. asks for default/), so
// such a key id would never be found there.
TEST(ResourceUriTest, RefusesDotSegmentsWithTheReason) {
  for (absl::string_view bad : {
           "kbs:///default/key/..",
           "kbs:///default/key/.",
           "kbs:///../key/k",
           "kbs:///default/./k",
           "kbs://kbs.example/a/../c",
           "/default/key/..",
           "kbs+plugin:///a/..",
           "kbs+plugin:///.",
       }) {
    auto uri = ResourceUri::ParseKeyId(bad);
    ASSERT_FALSE(uri.ok()) << bad;
    EXPECT_NE(uri.status().message().find("segment, which CoCo guests resolve away"),
              std::string::npos)
        << uri.status().message();
  }
  EXPECT_TRUE(ResourceUri::ParseKeyId("kbs:///default/key/.k").ok());
  EXPECT_TRUE(ResourceUri::ParseKeyId("kbs:///default/key/k..").ok());
  EXPECT_TRUE(ResourceUri::ParseKeyId("kbs:///default/key/...").ok());
}

TEST(ResourceUriTest, KidParsingRequiresAScheme) {
  EXPECT_FALSE(ResourceUri::ParseKid("/default/key/key_id1").ok());
  EXPECT_TRUE(ResourceUri::ParseKid("kbs:///default/key/key_id1").ok());
}

TEST(ResourceUriTest, ErrorListsAcceptedForms) {
  auto uri = ResourceUri::ParseKeyId("nonsense");
  ASSERT_FALSE(uri.ok());
  EXPECT_NE(uri.status().message().find("kbs:///<repository>/<type>/<tag>"), std::string::npos);
}

}  // namespace
}  // namespace coco
