#include "src/image_crypt/layer_options.h"

#include <openssl/rand.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "src/common/base64.h"
#include "src/common/json_input.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/image_crypt/layer_cipher.h"
#include "src/oci/digest.h"
#include "src/oci/go_json.h"

namespace coco {
namespace {

// Far more than the three members ocicrypt writes; a bound before parsing.
constexpr std::size_t kMaxOptionsSize = 64 << 10;

SecretBytes RandomBytes(std::size_t size) {
  SecretBytes bytes(size);
  RAND_bytes(bytes.data(), bytes.size());
  return bytes;
}

// A member holding Go's []byte: a base64 string, or null for none.
absl::StatusOr<SecretBytes> BytesMember(const rapidjson::Value& object, const char* name) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd() || member->value.IsNull()) return SecretBytes();
  if (!member->value.IsString()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not a base64 string"));
  }
  absl::StatusOr<SecretBytes> bytes = DecodeBase64(StringOf(member->value));
  if (!bytes.ok()) return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not base64"));
  return bytes;
}

absl::Status CheckSize(absl::string_view what, std::size_t size, std::size_t wanted) {
  if (size == wanted) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " is ", size, " bytes, ", kLayerCipherName, " needs ", wanted));
}

absl::StatusOr<const rapidjson::Value*> CipherOptions(const rapidjson::Value& object) {
  const auto member = object.FindMember("cipheroptions");
  if (member == object.MemberEnd() || member->value.IsNull()) return nullptr;
  if (!member->value.IsObject()) {
    return absl::InvalidArgumentError("\"cipheroptions\" is not an object");
  }
  return &member->value;
}

}  // namespace

LayerSecret NewLayerSecret(absl::string_view digest) {
  return LayerSecret{RandomBytes(kLayerKeySize), RandomBytes(kLayerNonceSize), std::string(digest)};
}

SecretBytes FormatLayerSecret(const LayerSecret& secret) {
  std::string symkey = EncodeBase64(secret.symkey.view());
  std::string nonce = EncodeBase64(secret.nonce.view());
  std::string digest;
  AppendGoJsonString(secret.digest, digest);
  // StrCat allocates once, so no grown-out copy of the key is left behind.
  std::string json = absl::StrCat("{\"symkey\":\"", symkey, "\",\"digest\":", digest,
                                  ",\"cipheroptions\":{\"nonce\":\"", nonce, "\"}}");
  WipeString(symkey);
  WipeString(nonce);
  return SecretBytes::TakeFrom(json);
}

absl::StatusOr<LayerSecret> ParseLayerSecret(SecretBytes json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseJsonInPlace(json, kMaxOptionsSize, document); !parsed.ok()) {
    return parsed;
  }
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  LayerSecret secret;
  absl::StatusOr<SecretBytes> symkey = BytesMember(document, "symkey");
  if (!symkey.ok()) return symkey.status();
  if (absl::Status size = CheckSize("\"symkey\"", symkey->size(), kLayerKeySize); !size.ok()) {
    return size;
  }
  secret.symkey = *std::move(symkey);
  const auto digest = document.FindMember("digest");
  if (digest != document.MemberEnd() && !digest->value.IsNull()) {
    if (!digest->value.IsString()) return absl::InvalidArgumentError("\"digest\" is not a string");
    secret.digest = std::string(StringOf(digest->value));
  }
  // What ocicrypt records: the layer's digest, or nothing when its descriptor had none.
  if (absl::StatusOr<Digest> parsed = Digest::Parse(secret.digest);
      !secret.digest.empty() && !parsed.ok()) {
    return WithContext("\"digest\"", parsed.status());
  }
  absl::StatusOr<const rapidjson::Value*> options = CipherOptions(document);
  if (!options.ok()) return options.status();
  if (*options == nullptr || !(*options)->HasMember("nonce")) {
    return absl::InvalidArgumentError(
        "no \"nonce\" in \"cipheroptions\" (ocicrypt would decrypt with a random one)");
  }
  absl::StatusOr<SecretBytes> nonce = BytesMember(**options, "nonce");
  if (!nonce.ok()) return nonce.status();
  if (absl::Status size = CheckSize("\"nonce\"", nonce->size(), kLayerNonceSize); !size.ok()) {
    return size;
  }
  secret.nonce = *std::move(nonce);
  return secret;
}

std::string FormatPublicOptions(absl::string_view hmac) {
  return absl::StrCat("{\"cipher\":\"", kLayerCipherName, "\",\"hmac\":\"", EncodeBase64(hmac),
                      "\",\"cipheroptions\":{}}");
}

absl::StatusOr<PublicOptions> ParsePublicOptions(absl::string_view json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseJson(json, kMaxOptionsSize, document); !parsed.ok()) {
    return parsed;
  }
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  PublicOptions options;
  const auto cipher = document.FindMember("cipher");
  if (cipher == document.MemberEnd() || cipher->value.IsNull() ||
      (cipher->value.IsString() && cipher->value.GetStringLength() == 0)) {
    return absl::InvalidArgumentError("no cipher named");
  }
  if (!cipher->value.IsString()) return absl::InvalidArgumentError("\"cipher\" is not a string");
  options.cipher = std::string(StringOf(cipher->value));
  if (options.cipher != kLayerCipherName) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported cipher \"", Printable(options.cipher), "\" (ocicrypt knows only ",
                     kLayerCipherName, ")"));
  }
  absl::StatusOr<SecretBytes> hmac = BytesMember(document, "hmac");
  if (!hmac.ok()) return hmac.status();
  if (hmac->empty()) return absl::InvalidArgumentError("no \"hmac\"");
  if (absl::Status size = CheckSize("\"hmac\"", hmac->size(), kLayerMacSize); !size.ok()) {
    return size;
  }
  options.hmac = std::string(hmac->view());
  absl::StatusOr<const rapidjson::Value*> cipher_options = CipherOptions(document);
  if (!cipher_options.ok()) return cipher_options.status();
  if (*cipher_options != nullptr && (*cipher_options)->HasMember("nonce")) {
    return absl::InvalidArgumentError(
        "the public \"cipheroptions\" carry a nonce, which would override the wrapped one");
  }
  return options;
}

}  // namespace coco
