// The hand-written JSON strings against nlohmann's dump(-1, ' ', false, error_handler_t::replace):
// every string of up to two bytes, and random longer ones built from the bytes that matter to a
// UTF-8 decoder (ASCII, escapes, lead bytes, continuation bytes, bytes that never occur).
#include "pairing/internal/json_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace tandem::pairing::internal {
namespace {

using nlohmann::json;

std::string nlohmannText(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ours(const std::string& s) {
  std::string out;
  appendJsonString(out, s);
  return out;
}

std::string hex(const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
    out += ' ';
  }
  return out;
}

TEST(JsonText, EveryStringOfUpToTwoBytesIsWrittenAsNlohmannWritesIt) {
  EXPECT_EQ(ours(""), "\"\"");
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    ASSERT_EQ(ours(one), nlohmannText(one)) << hex(one);
    for (int b = 0; b < 256; ++b) {
      const std::string two = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(ours(two), nlohmannText(two)) << hex(two);
    }
  }
}

TEST(JsonText, RandomStringsAreWrittenAsNlohmannWritesThem) {
  // Bytes a decoder treats differently: ASCII (plain, escaped, control, DEL), continuation bytes
  // of each class, lead bytes of 2, 3 and 4 bytes with their special second-byte ranges (E0, ED,
  // F0, F4), and bytes that never occur (C0, C1, F5..FF).
  const unsigned char alphabet[] = {
      'a',  'Z',  ' ',  '"',  '\\', '/',  0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1F,
      0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE1,
      0xE2, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
  std::mt19937 rng(20270111);
  std::uniform_int_distribution<size_t> pick(0, sizeof(alphabet) - 1);
  std::uniform_int_distribution<int> length(1, 12);
  for (int n = 0; n < 200000; ++n) {
    std::string s;
    for (int i = length(rng); i > 0; --i) s.push_back(static_cast<char>(alphabet[pick(rng)]));
    ASSERT_EQ(ours(s), nlohmannText(s)) << hex(s);
  }
}

TEST(JsonText, ValidUtf8IsWrittenRaw) {
  const std::string s = "Zoë 日本語 😀 \u2028 \uFFFD \x7F";
  EXPECT_EQ(ours(s), "\"" + s + "\"");
  EXPECT_EQ(ours("\"\\\b\f\n\r\t\x01\x1f"), R"("\"\\\b\f\n\r\t\u0001\u001f")");
}

TEST(JsonText, TruncatedAndOverlongSequencesAreReplacedAsNlohmannReplacesThem) {
  const std::string r = "\xEF\xBF\xBD";
  // Cut short by the end: one U+FFFD for the whole unfinished sequence.
  EXPECT_EQ(ours("a\xF0\x9F\x98"), "\"a" + r + "\"");
  // Cut short by a byte that cannot continue it: one U+FFFD, then that byte is read again.
  EXPECT_EQ(ours("\xE2\x82(x"), "\"" + r + "(x\"");
  EXPECT_EQ(ours("\xC3\xC3\xA9"), "\"" + r + "é\"");
  // Overlong (C0 80, E0 80 80) and surrogate (ED A0 80) forms: every byte is refused alone.
  EXPECT_EQ(ours("\xC0\x80"), "\"" + r + r + "\"");
  EXPECT_EQ(ours("\xE0\x80\x80"), "\"" + r + r + r + "\"");
  EXPECT_EQ(ours("\xED\xA0\x80"), "\"" + r + r + r + "\"");
  EXPECT_EQ(ours("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");
  EXPECT_EQ(ours("\xFF"), "\"" + r + "\"");
}

TEST(JsonText, ReplaceInvalidUtf8ReplacesAsAppendJsonStringDoes) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 10);
  for (int n = 0; n < 50000; ++n) {
    std::string s;
    for (int i = length(rng); i > 0; --i) s.push_back(static_cast<char>(byte(rng)));
    const std::string replaced = replaceInvalidUtf8(s);
    ASSERT_EQ(ours(replaced), ours(s)) << hex(s);
    ASSERT_EQ(replaceInvalidUtf8(replaced), replaced) << hex(s);
    ASSERT_NO_THROW(static_cast<void>(json(replaced).dump())) << hex(s);  // valid UTF-8
  }
  EXPECT_EQ(replaceInvalidUtf8("plain ascii"), "plain ascii");
  EXPECT_EQ(replaceInvalidUtf8("Zoë\xFF"), "Zoë\xEF\xBF\xBD");
}

TEST(JsonText, IntegersAreDecimalAsNlohmannWritesThem) {
  for (const int64_t v :
       {int64_t{0}, int64_t{-1}, int64_t{7}, int64_t{-5}, int64_t{9000000000},
        std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    std::string out;
    appendJsonInt(out, v);
    EXPECT_EQ(out, json(v).dump());
  }
}

}  // namespace
}  // namespace tandem::pairing::internal
