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

}  // namespace
}  // namespace coco
