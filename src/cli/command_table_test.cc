#include "src/cli/command_table.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(CommandTableTest, TheFirstCommandIsTheProviderAndNamesAreUnique) {
  ASSERT_FALSE(Commands().empty());
  EXPECT_EQ(Commands()[0]->name, "");
  std::set<std::string> names;
  for (const Command* command : Commands()) {
    EXPECT_TRUE(names.emplace(command->name).second) << command->name;
  }
  for (const CommandGroup* group : CommandGroups()) {
    EXPECT_EQ(names.count(std::string(group->name)), 0u) << "a group named like a command";
  }
}

TEST(CommandTableTest, GroupsHoldTheCommandsStartingWithTheirWord) {
  for (const CommandGroup* group : CommandGroups()) {
    SCOPED_TRACE(group->name);
    ASSERT_FALSE(MembersOf(*group).empty());
    for (const Command* member : MembersOf(*group)) {
      EXPECT_EQ(GroupOfCommand(*member), group);
      EXPECT_EQ(member->name.substr(0, group->name.size() + 1), std::string(group->name) + " ");
    }
  }
  for (const Command* command : Commands()) {
    if (command->name.find(' ') == absl::string_view::npos) {
      EXPECT_EQ(GroupOfCommand(*command), nullptr) << command->name;
    }
  }
}

}  // namespace
}  // namespace coco
