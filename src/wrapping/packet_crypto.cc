#include "src/wrapping/packet_crypto.h"

#include <openssl/rand.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/common/printable.h"

namespace coco {
namespace {

absl::Span<const uint8_t> BytesOf(absl::string_view text) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

absl::StatusOr<std::string> MakeIv(WrapType type, PacketIv choice) {
  std::string iv(IvSize(type), '\0');
  if (choice == PacketIv::kRandom &&
      !RAND_bytes(reinterpret_cast<uint8_t*>(iv.data()), iv.size())) {
    return absl::InternalError("the random number generator failed");
  }
  return iv;
}

// ocicrypt's key options are a JSON object with a "symkey" string; a CTR unwrap under the wrong
// key yields random bytes, which this tells apart. The plaintext is secret: parsed in wiped memory.
bool IsOcicryptKeyOptions(const SecretBytes& plaintext) {
  SecretBytes text(plaintext.view());
  rapidjson::Document document;
  return ParseJsonInPlace(text, text.size(), document).ok() && document.IsObject() &&
         document.HasMember("symkey") && document["symkey"].IsString();
}

}  // namespace

absl::StatusOr<std::string> SealPacket(WrapType type, absl::Span<const uint8_t> kek,
                                       absl::string_view kid, absl::string_view optsdata,
                                       PacketIv iv_choice) {
  absl::StatusOr<std::string> iv = MakeIv(type, iv_choice);
  if (!iv.ok()) return iv.status();
  absl::StatusOr<std::string> wrapped = Seal(type, kek, BytesOf(*iv), optsdata);
  if (!wrapped.ok()) return wrapped.status();
  return SerializeAnnotationPacket(
      AnnotationPacket{std::string(kid), *std::move(wrapped), *std::move(iv), type});
}

absl::StatusOr<SecretBytes> OpenPacket(const AnnotationPacket& packet,
                                       absl::Span<const uint8_t> kek) {
  absl::StatusOr<SecretBytes> plaintext =
      Open(packet.wrap_type, kek, BytesOf(packet.iv), packet.wrapped_data);
  if (!plaintext.ok()) return plaintext;
  if (packet.wrap_type == WrapType::kA256Ctr && !IsOcicryptKeyOptions(*plaintext)) {
    return absl::PermissionDeniedError(
        absl::StrCat("A256CTR unwrap gave no ocicrypt key options (wrong key for ",
                     Printable(packet.kid), "?)"));
  }
  return plaintext;
}

}  // namespace coco
