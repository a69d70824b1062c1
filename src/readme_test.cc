// The README's lists that come from the program's tables must say what the program says.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/testing/binary_under_test.h"

namespace coco {
namespace {

using test_support::ProcessResult;
using test_support::RunBinary;

std::string ReadmeText() {
  std::ifstream file("README.md");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The lines after `heading` up to the next empty line.
std::string Section(const std::string& text, const std::string& heading) {
  const size_t start = text.find(heading);
  if (start == std::string::npos) return "";
  const size_t body = start + heading.size();
  return text.substr(body, text.find("\n\n", body) - body + 1);
}

// The code block after the marker comment `<!-- NAME: ... -->`.
std::string GeneratedBlock(const std::string& readme, const std::string& name) {
  const size_t marker = readme.find(absl::StrCat("<!-- ", name, ": "));
  if (marker == std::string::npos) return "";
  const size_t body = readme.find("```text\n", marker) + 8;
  return readme.substr(body, readme.find("```\n", body) - body);
}

TEST(ReadmeTest, TheKbcListIsTheProgramsTable) {
  ProcessResult help = RunBinary("", {"--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::string kbcs = Section(help.out, "KBCs:\n");
  ASSERT_NE(kbcs, "");
  EXPECT_EQ(GeneratedBlock(ReadmeText(), "kbcs"), kbcs);
}

}  // namespace
}  // namespace coco
