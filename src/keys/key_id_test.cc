#include "src/keys/key_id.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(CheckKeyIdTest, AcceptsThreeSegments) {
  for (absl::string_view id : {"default/key/key_id1", "my-repo/key/2024.01_a~b", "r/t/t:1@x"}) {
    EXPECT_TRUE(CheckKeyId(id).ok()) << id;
  }
}

TEST(CheckKeyIdTest, RefusesWhatNoKidCouldName) {
  struct Case {
    absl::string_view id;
    absl::string_view error;
  };
  for (const Case& c : {
           Case{"", "key id \"\" is not <repository>/<type>/<tag>"},
           Case{"key_id1", "is not <repository>/<type>/<tag>"},
           Case{"a/b", "is not <repository>/<type>/<tag>"},
           Case{"a/b/c/d", "is not <repository>/<type>/<tag>"},
           Case{"/a/b/c", "is not <repository>/<type>/<tag>"},
           Case{"a//c", "is not <repository>/<type>/<tag>"},
           Case{"a/b/", "is not <repository>/<type>/<tag>"},
           Case{"a/b/c d", "key id \"a/b/c d\" has a character not allowed"},
           Case{"a/b/c?x", "has a character not allowed"},
           Case{"a/b/c#x", "has a character not allowed"},
           Case{"a/b/c\n", "key id \"a/b/c\\n\" has a character not allowed"},
           Case{"default/../k", "key id \"default/../k\" has a \"..\" segment, which CoCo guests"},
           Case{"a/./b", "key id \"a/./b\" has a \".\" segment, which CoCo guests"},
           Case{"default/key/..", "has a \"..\" segment"},
       }) {
    absl::Status status = CheckKeyId(c.id);
    ASSERT_FALSE(status.ok()) << c.id;
    EXPECT_NE(status.message().find(c.error), absl::string_view::npos) << status.message();
  }
}

TEST(CheckRepositoryTest, OneSegment) {
  EXPECT_TRUE(CheckRepository("default").ok());
  EXPECT_TRUE(CheckRepository("my-repo.v2").ok());
  EXPECT_EQ(CheckRepository("").message(), "the repository name is empty");
  EXPECT_NE(CheckRepository("a/b").message().find("repository \"a/b\" must be one path segment"),
            absl::string_view::npos);
  EXPECT_FALSE(CheckRepository("a b").ok());
  EXPECT_EQ(CheckRepository("..").message(),
            "repository \"..\" has a \"..\" segment, which CoCo guests resolve away before they "
            "look the key up");
  EXPECT_NE(CheckRepository(".").message().find("\".\" segment"), absl::string_view::npos);
}

}  // namespace
}  // namespace coco
