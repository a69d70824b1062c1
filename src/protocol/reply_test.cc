#include "src/protocol/reply.h"

#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(ReplyTest, KeyWrapReplyIsOneCompactLineOfIntegers) {
  EXPECT_EQ(SerializeKeyWrapReply(std::string("{\x00\xff", 3)).view(),
            "{\"keywrapresults\":{\"annotation\":[123,0,255]}}\n");
}

TEST(ReplyTest, KeyUnwrapReply) {
  EXPECT_EQ(SerializeKeyUnwrapReply("ab").view(),
            "{\"keyunwrapresults\":{\"optsdata\":[97,98]}}\n");
}

TEST(ReplyTest, EmptyBytesGiveEmptyArray) {
  EXPECT_EQ(SerializeKeyUnwrapReply("").view(), "{\"keyunwrapresults\":{\"optsdata\":[]}}\n");
}

}  // namespace
}  // namespace coco
