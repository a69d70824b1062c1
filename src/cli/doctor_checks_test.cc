#include "src/cli/doctor_checks.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::TempPath;
using test_support::WriteTempFile;

// An executable standing for the running binary, and a config naming it.
struct TestSetup {
  std::string program;
  DoctorInput input;
};

TestSetup MakeSetup(absl::string_view name, absl::string_view entry_json) {
  TestSetup setup;
  setup.program = WriteTempFile(absl::StrCat(name, "-coco-keyprovider"), "#!/bin/sh\n");
  chmod(setup.program.c_str(), 0755);
  std::string entry(entry_json);
  for (std::size_t at; (at = entry.find("PROGRAM")) != std::string::npos;) {
    entry.replace(at, 7, setup.program);
  }
  setup.input.this_program = setup.program;
  setup.input.config_path =
      WriteTempFile(absl::StrCat(name, ".conf"), absl::StrCat(R"({"key-providers":)", entry, "}"));
  return setup;
}

constexpr char kGoodEntry[] = R"({"attestation-agent":{"cmd":{"path":"PROGRAM","args":[]}}})";

// The first check that failed, or "" when all passed.
std::string FirstFailure(const std::vector<CheckResult>& results) {
  for (const CheckResult& result : results) {
    if (!result.ok) return absl::StrCat(result.check, ": ", result.detail, " | fix: ", result.fix);
  }
  return "";
}

TEST(DoctorChecksTest, AGoodSetupPasses) {
  TestSetup setup = MakeSetup("good", kGoodEntry);
  const std::string key = WriteTempFile("good.kek", std::string(32, 'k'));
  setup.input.params = {absl::StrCat("keyid=kbs:///default/key/1::keypath=", key), "sample=true"};
  const std::vector<CheckResult> results = CheckSetup(setup.input);
  EXPECT_EQ(FirstFailure(results), "");
  EXPECT_EQ(results.size(), 8u);
}

TEST(DoctorChecksTest, TheKeysFilesTheArgsName) {
  const std::string keys = WriteTempFile("args-keys.json", R"({"default/key/1":"AAAA"})");
  const std::string exposed = WriteTempFile("args-exposed.json", "{}");
  chmod(exposed.c_str(), 0644);
  const std::string broken = WriteTempFile("args-broken.json", "{\"default/key/1\":");
  TestSetup setup = MakeSetup(
      "args-keys", absl::StrCat(R"({"attestation-agent":{"cmd":{"path":"PROGRAM","args":[)",
                                R"("--keys-file",")", keys, R"(","--keys-file",")", exposed,
                                R"(","--keys-file",")", broken, R"(","--keys-file","k.json"]}}})"));
  const std::vector<CheckResult> results = CheckSetup(setup.input);
  ASSERT_EQ(results.size(), 10u);
  EXPECT_TRUE(results[6].ok) << results[6].detail;
  EXPECT_NE(results[7].detail.find("readable by group or others"), std::string::npos);
  EXPECT_FALSE(results[8].ok);
  EXPECT_EQ(results[9].detail, "relative: it resolves against the client's working folder");
}

TEST(DoctorChecksTest, EachMistakeIsFoundWithItsFix) {
  const struct {
    std::string name;
    std::string entry;
    std::string failure;  // What FirstFailure must start with.
  } cases[] = {
      {"outside-cmd", R"({"attestation-agent":{"path":"PROGRAM","args":[]}})",
       "\"path\" and \"args\" are under \"cmd\": entry attestation-agent has them beside"},
      {"wrong-name", R"({"attestation_agent":{"cmd":{"path":"PROGRAM"}}})",
       "the entry's name: \"attestation_agent\": CoCo guests look for the annotation"},
      {"relative-path", R"({"attestation-agent":{"cmd":{"path":"bin/coco-keyprovider"}}})",
       "\"path\" is absolute: \"bin/coco-keyprovider\" | fix: give the absolute path"},
      {"unknown-flag", R"({"attestation-agent":{"cmd":{"path":"PROGRAM","args":["--keys"]}}})",
       "\"args\" are this version's flags: "},
      {"name-mismatch",
       R"({"attestation-agent":{"cmd":{"path":"PROGRAM","args":["--provider-name","aa"]}}})",
       "--provider-name is the entry's name: --provider-name aa in an entry named "
       "attestation-agent"},
      {"no-entry", R"({"other":{"cmd":{"path":"/usr/bin/true"}}})",
       "an entry runs this program: entries: other -> /usr/bin/true"},
      {"cmd-not-an-object", R"({"other":{"cmd":5},"more":{"cmd":"x"}})",
       "an entry runs this program: entries: other -> , more -> "},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TestSetup setup = MakeSetup(c.name, c.entry);
    EXPECT_EQ(FirstFailure(CheckSetup(setup.input)).rfind(c.failure, 0), 0u)
        << FirstFailure(CheckSetup(setup.input));
  }
}

TEST(DoctorChecksTest, TheVariableUnset) {
  DoctorInput input;
  input.this_program = "/usr/bin/coco-keyprovider";
  EXPECT_EQ(
      FirstFailure(CheckSetup(input)).rfind("OCICRYPT_KEYPROVIDER_CONFIG is set: it is not", 0),
      0u);
}

TEST(DoctorChecksTest, APathThatIsNotExecutable) {
  TestSetup setup = MakeSetup("not-executable", kGoodEntry);
  chmod(setup.program.c_str(), 0644);
  EXPECT_EQ(FirstFailure(CheckSetup(setup.input)).rfind("\"path\" is executable: ", 0), 0u)
      << FirstFailure(CheckSetup(setup.input));
}

TEST(DoctorChecksTest, KeysThatWouldNotWork) {
  const std::string exposed = WriteTempFile("exposed.kek", std::string(32, 'k'));
  chmod(exposed.c_str(), 0644);
  const std::string keys = WriteTempFile("keys.json", R"({"default/key/other":"AAAA"})");
  const struct {
    std::string params;
    std::string failure;
  } cases[] = {
      {"keyid=kbs:///default/key/1::keypath=kek",
       "keypath=kek is relative: it resolves against "
       "the client's working folder"},
      {absl::StrCat("keyid=kbs:///default/key/1::keypath=", exposed),
       "is readable by group or "
       "others"},
      {absl::StrCat("keyid=kbs:///default/key/1::keyfile=", keys), "default/key/1"},
      {"keyid=kbs:///default/key/1", "keypath or keyfile is required"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.params);
    TestSetup setup = MakeSetup("keys", kGoodEntry);
    setup.input.params = {c.params};
    const std::string failure = FirstFailure(CheckSetup(setup.input));
    ASSERT_EQ(failure.rfind("--key ", 0), 0u) << failure;
    EXPECT_NE(failure.find(c.failure), std::string::npos) << failure;
    EXPECT_EQ(failure.find(std::string(32, 'k')), std::string::npos);
  }
}

// A file that is not the kind named gets the fix for its contents, never "chmod 600": that would
// hide /etc/passwd from the users it serves.
TEST(DoctorChecksTest, NoChmodForAFileOfAnotherKind) {
  const std::string passwd = WriteTempFile("passwd", "root:x:0:0:root:/root:/bin/bash\n");
  chmod(passwd.c_str(), 0644);
  TestSetup setup =
      MakeSetup("passwd", absl::StrCat(R"({"attestation-agent":{"cmd":{"path":"PROGRAM","args":[)",
                                       R"("--keys-file",")", passwd, R"("]}}})"));
  setup.input.params = {absl::StrCat("keyid=kbs:///default/key/1::keyfile=", passwd)};
  const std::vector<CheckResult> results = CheckSetup(setup.input);
  ASSERT_EQ(results.size(), 8u) << FirstFailure(results);
  for (const CheckResult* result : {&results[6], &results[7]}) {
    EXPECT_FALSE(result->ok) << result->check;
    EXPECT_EQ(result->fix.find("chmod"), std::string::npos) << result->fix;
    EXPECT_EQ(result->detail.find("readable by group or others"), std::string::npos)
        << result->detail;
  }
}

// Results hold the text raw; each format escapes it once.
TEST(DoctorChecksTest, AQuoteInAPathIsEscapedOnceInEachFormat) {
  DoctorInput input;
  input.this_program = "/usr/bin/coco-keyprovider";
  input.config_path = TempPath("quote\"d.conf");
  const std::vector<CheckResult> results = CheckSetup(input);
  ASSERT_GE(results.size(), 2u);
  EXPECT_EQ(results[0].detail, *input.config_path);
  EXPECT_NE(FormatText(results).find(absl::StrCat(
                "\u2713 OCICRYPT_KEYPROVIDER_CONFIG is set: ", *input.config_path, "\n")),
            std::string::npos)
      << FormatText(results);
  const std::string json = FormatJson(results);
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(json, json.size(), document).ok()) << json;
  const rapidjson::Value& checks = document["checks"];
  ASSERT_TRUE(checks.IsArray());
  EXPECT_EQ(StringMember(checks[0], "detail"), *input.config_path);
  EXPECT_NE(json.find("quote\\\"d.conf"), std::string::npos) << json;
  EXPECT_EQ(json.find("quote\\\\"), std::string::npos) << json;
}

// A control character never reaches the terminal, nor breaks the JSON.
TEST(DoctorChecksTest, ControlCharactersAreEscapedInTheReport) {
  const std::vector<CheckResult> results = {
      Failed("--kbs http://a.example/kbs/v0/long-enough-for-a-16-byte-scan\x1b[2J\x1f",
             "said \"no\"\n\xff", "fix \r it")};
  EXPECT_EQ(FormatText(results),
            "\u2717 --kbs http://a.example/kbs/v0/long-enough-for-a-16-byte-scan\\x1b[2J\\x1f: "
            "said \"no\"\\n\xff\n    fix: fix \\r it\n");
  const std::string json = FormatJson(results);
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(json, json.size(), document).ok()) << json;
  const rapidjson::Value& check = document["checks"][0];
  EXPECT_EQ(StringMember(check, "check"),
            "--kbs http://a.example/kbs/v0/long-enough-for-a-16-byte-scan\x1b[2J\x1f");
  EXPECT_NE(json.find("scan\\u001B[2J\\u001F"), std::string::npos) << json;
  EXPECT_EQ(StringMember(check, "detail"),
            "said \\\"no\\\"\\n\\xff");  // Invalid UTF-8: escaped whole.
  EXPECT_EQ(StringMember(check, "fix"), "fix \r it");
}

}  // namespace
}  // namespace coco
