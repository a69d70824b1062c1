#include "src/provider/wrap_parameters.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(WrapParametersTest, KeyIdAndKeyPathDefaultToGcm) {
  auto p = ParseWrapParameters("keyid=kbs:///default/key/key_id1::keypath=/keys/k1");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(p->sample);
  EXPECT_EQ(p->keyid->ToString(), "kbs:///default/key/key_id1");
  EXPECT_EQ(p->key_source->name, "keypath");
  EXPECT_EQ(p->key_location, "/keys/k1");
  EXPECT_EQ(p->algorithm, WrapType::kA256Gcm);
}

TEST(WrapParametersTest, AlgorithmIsHonoured) {
  auto p = ParseWrapParameters("algorithm=A256CTR::keypath=k::keyid=/a/b/c");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->algorithm, WrapType::kA256Ctr);
  EXPECT_EQ(p->keyid->ToString(), "kbs:///a/b/c");
}

TEST(WrapParametersTest, ValuesMayContainEqualsAndColons) {
  auto p = ParseWrapParameters("keyid=kbs://10.0.0.1:8080/a/b/c::keypath=/k=1:2");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->keyid->ToString(), "kbs://10.0.0.1:8080/a/b/c");
  EXPECT_EQ(p->key_location, "/k=1:2");
}

TEST(WrapParametersTest, KeyFileInsteadOfKeyPath) {
  auto p = ParseWrapParameters("keyid=kbs:///default/key/key_id3::keyfile=/keys/keys.json");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->keyid->resource_path(), "default/key/key_id3");
  EXPECT_EQ(p->key_source->name, "keyfile");
  EXPECT_EQ(p->key_location, "/keys/keys.json");
  EXPECT_EQ(ParseWrapParameters("keyid=/a/b/c::keypath=k")->key_source->name, "keypath");
  EXPECT_EQ(ParseWrapParameters("sample=true::keyfile=/k.json")->key_source, nullptr);
}

TEST(WrapParametersTest, SampleIgnoresKeyIdAndKeyPath) {
  auto p = ParseWrapParameters("sample=true::keypath=/does/not/exist");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->sample);
  EXPECT_EQ(p->key_source, nullptr);
  EXPECT_TRUE(ParseWrapParameters("sample=true::algorithm=A256GCM").ok());
  EXPECT_TRUE(ParseWrapParameters("sample=false::keyid=/a/b/c::keypath=k").ok());
}

TEST(WrapParametersTest, RejectsEveryMistakeUpstreamIgnored) {
  struct Case {
    absl::string_view params;
    absl::string_view error;
  };
  for (const Case& c : {
           Case{"", "keyid is required unless sample=true"},
           Case{"sample=true::", "parameter \"\" is not key=value"},
           Case{"Enabled", "parameter \"Enabled\" is not key=value"},
           Case{"keyid=/a/b/c::keypath=k::colour=blue",
                "unknown parameter \"colour\" (known: sample, keyid, keypath, keyfile, algorithm)"},
           Case{"Sample=true", "unknown parameter \"Sample\""},
           Case{"sample=yes", "sample must be true or false"},
           Case{"sample=TRUE", "sample must be true or false"},
           Case{"keyid=/a/b/c::keypath=k::algorithm=A128GCM", "algorithm \"A128GCM\" must be"},
           Case{"keyid=/a/b/c::keypath=k::algorithm=a256gcm", "algorithm \"a256gcm\" must be"},
           Case{"keypath=k", "keyid is required unless sample=true"},
           Case{"keyid=::keypath=k", "keyid is required"},
           Case{"keyid=/a/b/c", "keypath or keyfile is required unless sample=true"},
           Case{"keyid=/a/b/c::keypath=", "keypath is empty"},
           Case{"keyid=/a/b/c::keyfile=", "keyfile is empty"},
           Case{"keyid=/a/b/c::keypath=k::keyfile=k.json",
                "keypath and keyfile cannot both be given"},
           Case{"keyfile=k.json", "keyid is required unless sample=true"},
           Case{"keyid=/a/b/c::keyfile=k.json::keyfile=j.json",
                "parameter keyfile is given more than once"},
           Case{"sample=false", "keyid is required"},
           Case{"keyid=key_id1::keypath=k", "keyid \"key_id1\" is not a KBS resource URI"},
           Case{"keyid=http://x/a/b/c::keypath=k", "keyid \"http://x/a/b/c\" is not a KBS"},
           Case{"keyid=/a/b/c::keyid=/a/b/d::keypath=k", "parameter keyid is given more than once"},
           Case{"sample=true::algorithm=A256CTR", "sample=true always wraps with A256GCM"},
           Case{"x\n=1", "unknown parameter \"x\\n\""},
           Case{"keyid=kbs:///default/key/..::keypath=k",
                "\"..\" segment, which CoCo guests resolve away"},
           Case{"keyid=/default/./k::keypath=k", "\".\" segment"},
       }) {
    auto p = ParseWrapParameters(c.params);
    ASSERT_FALSE(p.ok()) << c.params;
    EXPECT_NE(p.status().message().find(c.error), absl::string_view::npos)
        << c.params << " -> " << p.status().message();
    EXPECT_EQ(p.status().message().find('\n'), absl::string_view::npos);
  }
}

TEST(WrapParametersTest, NoKeyNamedIsAFreshKeyOnlyWhenRegistering) {
  for (absl::string_view params : {"", "algorithm=A256CTR"}) {
    absl::StatusOr<WrapParameters> p = ParseWrapParameters(params, FreshKeys::kWhenNoKeyIsNamed);
    ASSERT_TRUE(p.ok()) << params << ": " << p.status();
    EXPECT_TRUE(p->fresh_key);
    EXPECT_FALSE(p->keyid.has_value());
    EXPECT_FALSE(ParseWrapParameters(params).ok()) << params;
  }
  absl::StatusOr<WrapParameters> ctr =
      ParseWrapParameters("algorithm=A256CTR", FreshKeys::kWhenNoKeyIsNamed);
  EXPECT_EQ(ctr->algorithm, WrapType::kA256Ctr);
}

TEST(WrapParametersTest, WhenRegisteringANamedKeyIsStillUsed) {
  absl::StatusOr<WrapParameters> p =
      ParseWrapParameters("keyid=kbs:///default/key/k1::keypath=k", FreshKeys::kWhenNoKeyIsNamed);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(p->fresh_key);
  EXPECT_EQ(p->keyid->resource_path(), "default/key/k1");
  EXPECT_TRUE(ParseWrapParameters("sample=true", FreshKeys::kWhenNoKeyIsNamed)->sample);
}

TEST(WrapParametersTest, AKeyIdAloneWouldPutManyKeysUnderOneKid) {
  absl::StatusOr<WrapParameters> p =
      ParseWrapParameters("keyid=kbs:///default/key/k1", FreshKeys::kWhenNoKeyIsNamed);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("a fresh key under the same kid for every layer"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace coco
