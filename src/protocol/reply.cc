#include "src/protocol/reply.h"

#include <cstdint>

#include "rapidjson/writer.h"
#include "src/common/secret_stream.h"

namespace coco {
namespace {

// The unwrap reply is ocicrypt's secret: written into wiped memory.
SecretBytes SerializeBytesReply(absl::string_view result_key, absl::string_view field,
                                absl::string_view bytes) {
  // Each byte is at most "255,"; the keys and braces are short.
  SecretStream stream(4 * bytes.size() + result_key.size() + field.size() + 16);
  rapidjson::Writer<SecretStream> writer(stream);
  writer.StartObject();
  writer.Key(result_key.data(), result_key.size());
  writer.StartObject();
  writer.Key(field.data(), field.size());
  writer.StartArray();
  for (char byte : bytes) writer.Uint(static_cast<uint8_t>(byte));
  writer.EndArray();
  writer.EndObject();
  writer.EndObject();
  stream.Put('\n');
  return stream.Take();
}

}  // namespace

SecretBytes SerializeKeyWrapReply(absl::string_view annotation) {
  return SerializeBytesReply("keywrapresults", "annotation", annotation);
}

SecretBytes SerializeKeyUnwrapReply(absl::string_view optsdata) {
  return SerializeBytesReply("keyunwrapresults", "optsdata", optsdata);
}

}  // namespace coco
