#include "src/kbs/kbs_protocol.h"

#include <openssl/sha.h>

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "src/common/json_input.h"
#include "src/common/printable.h"
#include "src/kbs/answer_size.h"
#include "src/kbs/canonical_json.h"

namespace coco {
namespace {

constexpr std::size_t kDetailShown = 200;

absl::StatusOr<rapidjson::Document> ParseObject(absl::string_view json, absl::string_view what) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseJson(json, kMaxResponseSize, document); !parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is ", parsed.message()));
  }
  if (!document.IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is not a JSON object"));
  }
  return document;
}

absl::StatusOr<std::string> RequiredString(const rapidjson::Value& object, const char* name,
                                           absl::string_view what) {
  std::optional<absl::string_view> text = StringMember(object, name);
  if (!text.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(what, " has no \"", name, "\" string"));
  }
  return std::string(*text);
}

}  // namespace

absl::string_view ProtocolVersion(KbsProtocol protocol) {
  return protocol == KbsProtocol::kV0_4_0 ? "0.4.0" : "0.2.0";
}

std::string AuthRequestJson(KbsProtocol protocol) {
  return absl::StrCat(R"({"version":")", ProtocolVersion(protocol),
                      R"(","tee":"sample","extra-params":{"supported-hash-algorithms":)"
                      R"(["sha256","sha384","sha512"]}})");
}

absl::StatusOr<std::string> ChallengeNonce(absl::string_view challenge_json) {
  absl::StatusOr<rapidjson::Document> challenge = ParseObject(challenge_json, "the challenge");
  if (!challenge.ok()) return challenge.status();
  return RequiredString(*challenge, "nonce", "the challenge");
}

absl::StatusOr<std::string> ReportData(KbsProtocol protocol, absl::string_view nonce,
                                       absl::string_view tee_pubkey_json) {
  absl::StatusOr<rapidjson::Document> key = ParseObject(tee_pubkey_json, "the tee-pubkey");
  if (!key.ok()) return key.status();
  rapidjson::Document material(rapidjson::kObjectType);
  auto& allocator = material.GetAllocator();
  if (protocol == KbsProtocol::kV0_4_0) {
    material.AddMember("additional-evidence", rapidjson::Value(rapidjson::kStringType), allocator);
  }
  material.AddMember(
      "nonce",
      rapidjson::Value(nonce.data(), static_cast<rapidjson::SizeType>(nonce.size()), allocator),
      allocator);
  material.AddMember("tee-pubkey", rapidjson::Value(*key, allocator), allocator);
  absl::StatusOr<std::string> canonical = CanonicalJson(material);
  if (!canonical.ok()) return canonical.status();
  uint8_t digest[SHA384_DIGEST_LENGTH];
  SHA384(reinterpret_cast<const uint8_t*>(canonical->data()), canonical->size(), digest);
  return absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

absl::StatusOr<std::string> AttestRequestJson(KbsProtocol protocol, absl::string_view nonce,
                                              absl::string_view tee_pubkey_json) {
  absl::StatusOr<std::string> report_data = ReportData(protocol, nonce, tee_pubkey_json);
  if (!report_data.ok()) return report_data.status();
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  const auto key = [&writer](absl::string_view name) {
    writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  };
  const auto text = [&writer](absl::string_view value) {
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  const auto tee_pubkey = [&] {
    key("tee-pubkey");
    writer.RawValue(tee_pubkey_json.data(), tee_pubkey_json.size(), rapidjson::kObjectType);
  };
  writer.StartObject();
  if (protocol == KbsProtocol::kV0_2_0) {
    tee_pubkey();
    key("tee-evidence");
    writer.StartObject();
    key("report_data");
    text(*report_data);
    key("svn");
    text("1");
    writer.EndObject();
  } else {
    key("runtime-data");
    writer.StartObject();
    key("nonce");
    text(nonce);
    tee_pubkey();
    writer.EndObject();
    key("tee-evidence");
    writer.StartObject();
    key("primary_evidence");
    writer.StartObject();
    key("svn");
    text("1");
    key("report_data");
    text(*report_data);
    writer.EndObject();
    key("additional_evidence");
    text("");
    writer.EndObject();
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::Status CheckAttestationToken(absl::string_view answer_json) {
  absl::StatusOr<rapidjson::Document> answer = ParseObject(answer_json, "the attestation answer");
  if (!answer.ok()) return answer.status();
  return RequiredString(*answer, "token", "the attestation answer").status();
}

namespace {

// What ErrorDetail shows, whole and raw.
std::string ErrorText(absl::string_view body) {
  rapidjson::Document document;
  if (ParseJson(body, kMaxResponseSize, document).ok() && document.IsObject()) {
    if (std::optional<absl::string_view> detail = StringMember(document, "detail")) {
      std::string variant;
      if (std::optional<absl::string_view> type = StringMember(document, "type")) {
        variant = absl::StrCat(type->substr(type->rfind('/') + 1), ": ");
      }
      return absl::StrCat(variant, *detail);
    }
  }
  return body.empty() ? "no detail" : std::string(body);
}

}  // namespace

std::string ErrorDetail(absl::string_view body) { return Printable(ErrorText(body), kDetailShown); }

std::string RawErrorDetail(absl::string_view body) {
  return Shortened(ErrorText(body), kDetailShown);
}

bool IsTrusteeError(absl::string_view body) {
  constexpr absl::string_view kTrusteeErrors =
      "https://github.com/confidential-containers/kbs/errors/";
  rapidjson::Document document;
  if (!ParseJson(body, kMaxResponseSize, document).ok() || !document.IsObject()) return false;
  std::optional<absl::string_view> type = StringMember(document, "type");
  return type.has_value() && absl::StartsWith(*type, kTrusteeErrors) &&
         type->size() > kTrusteeErrors.size();
}

std::optional<KbsProtocol> ProtocolAskedFor(absl::string_view body) {
  const std::string detail = ErrorDetail(body);
  constexpr absl::string_view kMismatch = "Protocol Version Mismatch: expect =";
  const std::size_t at = absl::string_view(detail).find(kMismatch);
  if (at == std::string::npos) return std::nullopt;
  const absl::string_view asked = absl::string_view(detail).substr(at + kMismatch.size(), 5);
  for (KbsProtocol protocol : {KbsProtocol::kV0_4_0, KbsProtocol::kV0_2_0}) {
    if (asked == ProtocolVersion(protocol)) return protocol;
  }
  return std::nullopt;
}

}  // namespace coco
