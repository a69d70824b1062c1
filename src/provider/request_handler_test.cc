#include "src/provider/request_handler.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/testing/temp_files.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

absl::StatusOr<std::string> Handle(absl::string_view request, const ProviderSettings& settings) {
  Warnings warnings;
  absl::StatusOr<SecretBytes> reply = HandleRequest(SecretBytes(request), settings, warnings);
  if (!reply.ok()) return reply.status();
  return std::string(reply->view());
}

std::string KeyWrapRequest(absl::string_view params, absl::string_view optsdata,
                           absl::string_view name = "attestation-agent") {
  return absl::StrCat(R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{")", name, R"(":[")",
                      absl::Base64Escape(params), R"("]},"DecryptConfig":{}},)", R"("optsdata":")",
                      absl::Base64Escape(optsdata),
                      R"("},"keyunwrapparams":{"dc":null,"annotation":null}})");
}

std::string KeyUnwrapRequest(absl::string_view entries_json, absl::string_view annotation) {
  return absl::StrCat(R"({"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},)",
                      R"("keyunwrapparams":{"dc":{"Parameters":{)", entries_json,
                      R"(}},"annotation":")", absl::Base64Escape(annotation), R"("}})");
}

std::string OurEntry(absl::string_view kbc_parameter) {
  return absl::StrCat(R"("attestation-agent":[")", absl::Base64Escape(kbc_parameter), R"("])");
}

// The bytes of a {"...":{"...":[int,...]}} reply.
std::string ReplyBytes(absl::string_view reply) {
  rapidjson::Document document;
  EXPECT_TRUE(ParseJson(reply, reply.size(), document).ok()) << reply;
  EXPECT_TRUE(document.IsObject()) << reply;
  const rapidjson::Value& result = document.MemberBegin()->value;
  std::string bytes;
  for (const rapidjson::Value& b : result.MemberBegin()->value.GetArray()) {
    bytes.push_back(static_cast<char>(b.GetUint()));
  }
  return bytes;
}

TEST(HandleRequestTest, SampleModeMatchesIndependentReplyByteForByte) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  auto reply = Handle(v.sample_wrap_request, ProviderSettings{});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(*reply, v.sample_wrap_reply);
}

TEST(HandleRequestTest, SampleKbcUnwrapMatchesIndependentReply) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  auto reply = Handle(v.sample_unwrap_request, ProviderSettings{});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(*reply, v.sample_unwrap_reply);
}

TEST(HandleRequestTest, OfflineFsUnwrapMatchesIndependentReply) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  ProviderSettings settings;
  settings.unwrap.kbc_settings.keys_files = {
      WriteTempFile("vector-keys.json", v.offline_fs_keys_file)};
  auto reply = Handle(v.offline_fs_unwrap_request, settings);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(*reply, v.offline_fs_unwrap_reply);
}

TEST(HandleRequestTest, RoundTripsEveryModeKidFormAndKbc) {
  const std::string kek(32, '\x5a');
  const std::string keypath = WriteTempFile("kek", kek);
  const std::string optsdata = R"({"symkey":"AAAA","digest":"sha256:00","cipheroptions":{}})";
  struct Form {
    absl::string_view keyid;
    absl::string_view resource_path;
  };
  const Form forms[] = {
      {"kbs:///default/key/key_id1", "default/key/key_id1"},
      {"kbs://kbs.example:8080/default/key/k2", "default/key/k2"},
      {"kbs+plugin:///r/t/g", "r/t/g"},
      {"kbs+plugin://10.0.0.1/r/t/g2", "r/t/g2"},
      {"10.0.0.1:8080/repo/key/k3", "repo/key/k3"},
      {"/repo/key/k4", "repo/key/k4"},
  };
  for (absl::string_view algorithm : {"A256GCM", "A256CTR"}) {
    for (const Form& form : forms) {
      SCOPED_TRACE(absl::StrCat(algorithm, " ", form.keyid));
      auto wrapped = Handle(KeyWrapRequest(absl::StrCat("keyid=", form.keyid, "::keypath=", keypath,
                                                        "::algorithm=", algorithm),
                                           optsdata),
                            ProviderSettings{});
      ASSERT_TRUE(wrapped.ok()) << wrapped.status();
      const std::string annotation = ReplyBytes(*wrapped);
      const std::string keys = WriteTempFile(
          "keys.json",
          absl::StrCat("{\"", form.resource_path, "\":\"", absl::Base64Escape(kek), "\"}"));
      ProviderSettings settings;
      settings.unwrap.kbc_settings.keys_files = {keys};
      settings.unwrap.kbc_settings.sev_secret_path = keys;
      for (absl::string_view kbc : {"offline_fs_kbc::null", "offline_sev_kbc::null", "Enabled"}) {
        auto unwrapped = Handle(KeyUnwrapRequest(OurEntry(kbc), annotation), settings);
        ASSERT_TRUE(unwrapped.ok()) << kbc << ": " << unwrapped.status();
        EXPECT_EQ(ReplyBytes(*unwrapped), optsdata) << kbc;
      }
      // skopeo also calls us when no --decryption-key names us: the default KBC answers.
      auto unnamed = Handle(KeyUnwrapRequest(R"("other":["eA=="])", annotation), settings);
      ASSERT_TRUE(unnamed.ok()) << unnamed.status();
      EXPECT_EQ(ReplyBytes(*unnamed), optsdata);
    }
  }
}

TEST(HandleRequestTest, SampleRoundTripThroughSampleKbc) {
  auto wrapped = Handle(KeyWrapRequest("sample=true", "{\"symkey\":\"x\"}"), ProviderSettings{});
  ASSERT_TRUE(wrapped.ok()) << wrapped.status();
  auto unwrapped = Handle(KeyUnwrapRequest(OurEntry("sample_kbc::null"), ReplyBytes(*wrapped)),
                          ProviderSettings{});
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status();
  EXPECT_EQ(ReplyBytes(*unwrapped), "{\"symkey\":\"x\"}");
}

TEST(HandleRequestTest, ProviderNameSelectsTheEntry) {
  ProviderSettings settings;
  settings.provider_name = "my-kp";
  auto wrapped = Handle(KeyWrapRequest("sample=true", "s", "my-kp"), settings);
  EXPECT_TRUE(wrapped.ok()) << wrapped.status();
  auto mismatch = Handle(KeyWrapRequest("sample=true", "s", "attestation-agent"), settings);
  EXPECT_NE(mismatch.status().message().find("no parameters for provider my-kp"),
            std::string::npos);
}

TEST(HandleRequestTest, KbcEntriesAreTriedInOrder) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  auto wrapped = Handle(v.sample_wrap_request, ProviderSettings{});
  ASSERT_TRUE(wrapped.ok());
  const std::string annotation = ReplyBytes(*wrapped);
  ProviderSettings settings;
  settings.unwrap.kbc_settings.keys_files = {"/nonexistent/keys.json"};
  const std::string both =
      absl::StrCat(R"("attestation-agent":[")", absl::Base64Escape("offline_fs_kbc::null"),
                   R"(",")", absl::Base64Escape("sample_kbc::null"), R"("])");
  auto unwrapped = Handle(KeyUnwrapRequest(both, annotation), settings);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status();
  EXPECT_EQ(*unwrapped, v.sample_unwrap_reply);
}

TEST(HandleRequestTest, DefaultKbcComesFromSettings) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  auto wrapped = Handle(v.sample_wrap_request, ProviderSettings{});
  ASSERT_TRUE(wrapped.ok());
  ProviderSettings settings;
  settings.unwrap.kbc = KbcParameter{"sample_kbc", ""};
  auto unwrapped = Handle(KeyUnwrapRequest(OurEntry("Enabled"), ReplyBytes(*wrapped)), settings);
  ASSERT_TRUE(unwrapped.ok()) << unwrapped.status();
  EXPECT_EQ(*unwrapped, v.sample_unwrap_reply);
}

struct UnwrapFailure {
  std::string request;
  absl::string_view error;
};

TEST(HandleRequestTest, UnwrapFailuresAreClear) {
  const std::string kek(32, '\x11');
  const std::string keypath = WriteTempFile("kek11", kek);
  const std::string optsdata = R"({"symkey":"AAAA"})";
  auto gcm =
      Handle(KeyWrapRequest("keyid=/a/b/c::keypath=" + keypath, optsdata), ProviderSettings{});
  auto ctr =
      Handle(KeyWrapRequest("keyid=/a/b/c::keypath=" + keypath + "::algorithm=A256CTR", optsdata),
             ProviderSettings{});
  ASSERT_TRUE(gcm.ok() && ctr.ok());
  ProviderSettings wrong_key;
  wrong_key.unwrap.kbc_settings.keys_files = {WriteTempFile(
      "wrong.json",
      absl::StrCat(R"({"a/b/c":")", absl::Base64Escape(std::string(32, 'w')), R"("})"))};
  // One base64 character of wrapped_data changed: still a valid packet, under the right key.
  std::string tampered = ReplyBytes(*gcm);
  const size_t at = tampered.find("\"wrapped_data\":\"") + 16;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  ProviderSettings right_key;
  right_key.unwrap.kbc_settings.keys_files = {
      WriteTempFile("right.json", absl::StrCat(R"({"a/b/c":")", absl::Base64Escape(kek), R"("})"))};

  const UnwrapFailure cases[] = {
      {KeyUnwrapRequest(OurEntry("offline_fs_kbc::null"), ReplyBytes(*gcm)),
       "keyunwrap: offline_fs_kbc: AES-256-GCM authentication failed"},
      {KeyUnwrapRequest(OurEntry("offline_fs_kbc::null"), ReplyBytes(*ctr)),
       "keyunwrap: offline_fs_kbc: A256CTR unwrap gave no ocicrypt key options"},
      {KeyUnwrapRequest(OurEntry("offline_fs_kbc::null"), "not json"),
       "keyunwrap: annotation packet: not valid JSON"},
      {KeyUnwrapRequest(OurEntry("online_sev_kbc::http://kbs:8080"), ReplyBytes(*gcm)),
       "keyunwrap: online_sev_kbc fetches keys from a KBS"},
      {KeyUnwrapRequest(OurEntry("cc_kbc::null"), ReplyBytes(*gcm)),
       "keyunwrap: cc_kbc: needs the KBS it fetches from: cc_kbc::http[s]://<host>[:<port>]"},
      {KeyUnwrapRequest(OurEntry("::null"), ReplyBytes(*gcm)),
       "keyunwrap: KBC parameter \"::null\" names no KBC"},
  };
  for (const UnwrapFailure& c : cases) {
    auto reply = Handle(c.request, wrong_key);
    ASSERT_FALSE(reply.ok()) << c.error;
    EXPECT_EQ(reply.status().message().rfind(c.error, 0), 0u) << reply.status().message();
  }
  auto intact =
      Handle(KeyUnwrapRequest(OurEntry("offline_fs_kbc::null"), ReplyBytes(*gcm)), right_key);
  EXPECT_TRUE(intact.ok()) << intact.status();
  auto altered = Handle(KeyUnwrapRequest(OurEntry("offline_fs_kbc::null"), tampered), right_key);
  EXPECT_EQ(altered.status().message().rfind(
                "keyunwrap: offline_fs_kbc: AES-256-GCM authentication failed", 0),
            0u)
      << altered.status().message();
}

}  // namespace
}  // namespace coco
