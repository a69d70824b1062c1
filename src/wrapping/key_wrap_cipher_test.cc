#include "src/wrapping/key_wrap_cipher.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

absl::Span<const uint8_t> Bytes(const std::string& s) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(KeyWrapCipherTest, SealMatchesIndependentVectors) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    auto sealed = Seal(v.wrap_type, Bytes(v.kek), Bytes(v.iv), v.plaintext);
    ASSERT_TRUE(sealed.ok()) << v.name << ": " << sealed.status();
    EXPECT_EQ(absl::BytesToHexString(*sealed), absl::BytesToHexString(v.wrapped)) << v.name;
  }
}

TEST(KeyWrapCipherTest, OpenMatchesIndependentVectors) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    auto opened = Open(v.wrap_type, Bytes(v.kek), Bytes(v.iv), v.wrapped);
    ASSERT_TRUE(opened.ok()) << v.name << ": " << opened.status();
    EXPECT_EQ(opened->view(), v.plaintext) << v.name;
  }
}

TEST(KeyWrapCipherTest, GcmRejectsTamperingAndWrongKey) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    if (v.wrap_type != WrapType::kA256Gcm) continue;
    std::string tampered = v.wrapped;
    tampered[tampered.size() / 2] ^= 1;
    EXPECT_TRUE(
        absl::IsPermissionDenied(Open(v.wrap_type, Bytes(v.kek), Bytes(v.iv), tampered).status()))
        << v.name;
    std::string wrong_key = v.kek;
    wrong_key[0] ^= 1;
    EXPECT_TRUE(absl::IsPermissionDenied(
        Open(v.wrap_type, Bytes(wrong_key), Bytes(v.iv), v.wrapped).status()))
        << v.name;
  }
}

TEST(KeyWrapCipherTest, RejectsWrongKeyAndIvSizes) {
  const std::string key(32, 'k');
  EXPECT_FALSE(
      Seal(WrapType::kA256Gcm, Bytes(std::string(31, 'k')), Bytes(std::string(12, 'i')), "x").ok());
  EXPECT_FALSE(Seal(WrapType::kA256Gcm, Bytes(key), Bytes(std::string(16, 'i')), "x").ok());
  EXPECT_FALSE(Seal(WrapType::kA256Ctr, Bytes(key), Bytes(std::string(12, 'i')), "x").ok());
  EXPECT_FALSE(Open(WrapType::kA256Ctr, Bytes(key), Bytes(std::string(15, 'i')), "x").ok());
}

TEST(KeyWrapCipherTest, GcmRejectsCiphertextShorterThanTag) {
  EXPECT_FALSE(
      Open(WrapType::kA256Gcm, Bytes(std::string(32, 'k')), Bytes(std::string(12, 'i')), "short")
          .ok());
}

}  // namespace
}  // namespace coco
