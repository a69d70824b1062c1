#ifndef COCO_KEYPROVIDER_KBS_KBS_PROTOCOL_H_
#define COCO_KEYPROVIDER_KBS_KBS_PROTOCOL_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// The KBS attestation protocol versions Trustee has spoken since 2025: 0.4.0 (v0.14 and later) and
// 0.2.0 (v0.12, v0.13). Each KBS accepts exactly one.
enum class KbsProtocol { kV0_4_0, kV0_2_0 };

absl::string_view ProtocolVersion(KbsProtocol protocol);  // "0.4.0"

// POST /kbs/v0/auth with the sample TEE, the only evidence a machine outside a TEE can give.
std::string AuthRequestJson(KbsProtocol protocol);

// The challenge's nonce.
absl::StatusOr<std::string> ChallengeNonce(absl::string_view challenge_json);

// The report data binding the evidence to the session: base64 of SHA-384 over the RFC 8785
// canonical JSON of {"additional-evidence": "", "nonce", "tee-pubkey"} (0.4.0) or
// {"nonce", "tee-pubkey"} (0.2.0). `tee_pubkey_json` is the TeePubKey object.
absl::StatusOr<std::string> ReportData(KbsProtocol protocol, absl::string_view nonce,
                                       absl::string_view tee_pubkey_json);

// POST /kbs/v0/attest with sample evidence, in the shape of `protocol`.
absl::StatusOr<std::string> AttestRequestJson(KbsProtocol protocol, absl::string_view nonce,
                                              absl::string_view tee_pubkey_json);

// OK when the attestation answer holds a token.
absl::Status CheckAttestationToken(absl::string_view answer_json);

// What a KBS says when it refuses, from its ErrorInformation body
// {"type": ".../errors/<Variant>", "detail": "..."}: "<Variant>: <detail>", escaped and at most
// 200 bytes; or the body's start, escaped, when it is not one.
std::string ErrorDetail(absl::string_view body);

// The same, raw (not escaped, cut whole characters only), for a report that escapes its text
// where it prints it; still hostile.
std::string RawErrorDetail(absl::string_view body);

// Whether `body` is an ErrorInformation whose type is in Trustee's namespace
// (https://github.com/confidential-containers/kbs/errors/<Variant>): what tells a KBS's refusal
// from another server's answer.
bool IsTrusteeError(absl::string_view body);

// The version a KBS asks for in its "Protocol Version Mismatch: expect =X" refusal, if it is one
// this client speaks.
std::optional<KbsProtocol> ProtocolAskedFor(absl::string_view body);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_KBS_PROTOCOL_H_
