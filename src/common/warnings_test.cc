#include "src/common/warnings.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(WarningsTest, LinesGainTheContextsTheyWereAddedWithin) {
  Warnings warnings;
  warnings.Add("plain");
  const WarningSink keywrap = warnings.Within("keywrap");
  keywrap.Add("k is readable");
  keywrap.Within("keyfile").Add("deeper");
  const WarningSink copy = keywrap;
  copy.Add("again");
  EXPECT_EQ(warnings.lines(),
            (std::vector<std::string>{"plain", "keywrap: k is readable", "keywrap: keyfile: deeper",
                                      "keywrap: again"}));
}

TEST(WarningsTest, ALineIsGivenOnce) {
  Warnings warnings;
  for (int layer = 0; layer < 3; ++layer) warnings.Within("offline_fs_kbc").Add("k is readable");
  warnings.Add("other");
  EXPECT_EQ(warnings.lines(), (std::vector<std::string>{"offline_fs_kbc: k is readable", "other"}));
}

}  // namespace
}  // namespace coco
