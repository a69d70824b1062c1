#include "src/common/warnings.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(WarningsTest, LinesGainTheContextsTheyWereAddedWithin) {
  Warnings warnings;
  warnings.Add("plain");
  Warnings keywrap = warnings.Within("keywrap");
  keywrap.Add("k is readable");
  Warnings nested = keywrap.Within("keyfile");
  nested.Add("deeper");
  EXPECT_EQ(warnings.lines(), (std::vector<std::string>{"plain", "keywrap: k is readable",
                                                        "keywrap: keyfile: deeper"}));
  EXPECT_TRUE(keywrap.lines().empty());
}

}  // namespace
}  // namespace coco
