// What a KBS answers, as the client reads it: the challenge, the attestation answer,
// ErrorInformation bodies, and the resource's JWE. The first byte picks the reader, the rest is the
// answer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "src/kbs/kbs_protocol.h"
#include "src/kbs/tee_key.h"

namespace {

// Fixed private scalars, so that the seeds (JWEs made for them by make_seeds.py) open and the
// fuzzer starts past the key unwrap.
std::string Scalar(std::size_t size) {
  std::string scalar(size, '\0');
  for (std::size_t i = 0; i < size; ++i) scalar[i] = static_cast<char>(i + 1);
  return scalar;
}

const coco::TeeKey& KeyOf(coco::TeeKeyType type) {
  static const coco::TeeKey* p256 =
      new coco::TeeKey(*coco::TeeKey::FromEcPrivateScalar(coco::TeeKeyType::kEcP256, Scalar(32)));
  static const coco::TeeKey* p521 =
      new coco::TeeKey(*coco::TeeKey::FromEcPrivateScalar(coco::TeeKeyType::kEcP521, Scalar(65)));
  // RSA keys are slow to make and the JWE's layout is what is fuzzed: one fresh key per process.
  static const coco::TeeKey* rsa =
      new coco::TeeKey(*coco::TeeKey::Generate(coco::TeeKeyType::kRsa2048));
  switch (type) {
    case coco::TeeKeyType::kEcP256:
      return *p256;
    case coco::TeeKeyType::kEcP521:
      return *p521;
    case coco::TeeKeyType::kRsa2048:
      break;
  }
  return *rsa;
}

// A detail for the one error line: bounded, and nothing that breaks a line or drives a terminal.
void CheckPrintable(const std::string& text) {
  if (text.size() > 1024) __builtin_trap();
  for (unsigned char c : text) {
    if (c < 0x20 || c >= 0x7f) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view answer(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      // The KBS's nonce goes on into what the client signs and sends back.
      if (absl::StatusOr<std::string> nonce = coco::ChallengeNonce(answer); nonce.ok()) {
        const std::string tee_pubkey = KeyOf(coco::TeeKeyType::kEcP256).PublicJwkJson();
        for (coco::KbsProtocol protocol :
             {coco::KbsProtocol::kV0_4_0, coco::KbsProtocol::kV0_2_0}) {
          (void)coco::ReportData(protocol, *nonce, tee_pubkey);
          (void)coco::AttestRequestJson(protocol, *nonce, tee_pubkey);
        }
      }
      break;
    case 1:
      (void)coco::CheckAttestationToken(answer);
      break;
    case 2:
      CheckPrintable(coco::ErrorDetail(answer));
      (void)coco::ProtocolAskedFor(answer);
      break;
    case 3:
      (void)KeyOf(coco::TeeKeyType::kEcP256).OpenJwe(answer);
      break;
    case 4:
      (void)KeyOf(coco::TeeKeyType::kEcP521).OpenJwe(answer);
      break;
    case 5:
      (void)KeyOf(coco::TeeKeyType::kRsa2048).OpenJwe(answer);
      break;
  }
  return 0;
}
