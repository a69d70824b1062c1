#include "src/wrapping/resource_uri.h"

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
           "default/key/key_id1",   // read as address "default" with a two-segment path
           "/default/key",          // two segments
           "/a/b/c/d",              // four segments for kbs://
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
       }) {
    EXPECT_FALSE(ResourceUri::ParseKeyId(bad).ok()) << bad;
  }
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
