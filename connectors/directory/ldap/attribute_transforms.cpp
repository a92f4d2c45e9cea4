#include "attribute_transforms.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace tandem::ldap {

namespace {

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int toInt(std::string_view digits) {
  int v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return v;
}

std::optional<std::string> formatDate(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[static_cast<size_t>(m - 1)] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

}  // namespace

std::optional<std::string> generalizedTimeToDate(std::string_view v) {
  // YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|(+|-)HHMM)
  if (v.size() < 11 || !allDigits(v.substr(0, 10))) return std::nullopt;
  size_t i = 10;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
  const size_t digits = i;
  if (digits != 10 && digits != 12 && digits != 14) return std::nullopt;
  if (i < v.size() && (v[i] == '.' || v[i] == ',')) {
    ++i;
    const size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == start) return std::nullopt;
  }
  if (i >= v.size()) return std::nullopt;
  if (v[i] == 'Z') {
    if (i + 1 != v.size()) return std::nullopt;
  } else if (v[i] == '+' || v[i] == '-') {
    const std::string_view offset = v.substr(i + 1);
    if ((offset.size() != 2 && offset.size() != 4) || !allDigits(offset)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (toInt(v.substr(8, 2)) > 23) return std::nullopt;
  return formatDate(toInt(v.substr(0, 4)), toInt(v.substr(4, 2)), toInt(v.substr(6, 2)));
}

std::optional<std::string> anyDateToDate(std::string_view v) {
  if (v.size() == 10 && v[4] == '-' && v[7] == '-' && allDigits(v.substr(0, 4)) &&
      allDigits(v.substr(5, 2)) && allDigits(v.substr(8, 2))) {
    return formatDate(toInt(v.substr(0, 4)), toInt(v.substr(5, 2)), toInt(v.substr(8, 2)));
  }
  if (v.size() == 8 && allDigits(v)) {
    return formatDate(toInt(v.substr(0, 4)), toInt(v.substr(4, 2)), toInt(v.substr(6, 2)));
  }
  return generalizedTimeToDate(v);
}

std::optional<std::string> fileTimeToDate(std::string_view v) {
  const auto ticks = parseInteger(v);
  if (!ticks || *ticks <= 0 || *ticks == INT64_MAX) return std::nullopt;
  constexpr long long kTicksPerSecond = 10000000;
  constexpr long long kEpochDelta = 11644473600LL;  // seconds from 1601-01-01 to 1970-01-01
  const long long seconds = *ticks / kTicksPerSecond - kEpochDelta;
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::nullopt;
  return formatDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::optional<bool> parseLdapBool(std::string_view v) {
  std::string lower;
  for (char c : v) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "false" || lower == "0" || lower == "no") return false;
  return std::nullopt;
}

std::optional<bool> uacDisabled(std::string_view v) {
  const auto flags = parseInteger(v);
  if (!flags || *flags < 0) return std::nullopt;
  return (*flags & 0x2) != 0;
}

std::optional<std::string> guidToText(std::string_view b) {
  if (b.size() != 16) return std::nullopt;
  auto byte = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
  char buf[40];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", byte(3),
                byte(2), byte(1), byte(0), byte(5), byte(4), byte(7), byte(6), byte(8), byte(9),
                byte(10), byte(11), byte(12), byte(13), byte(14), byte(15));
  return std::string(buf);
}

std::optional<long long> parseInteger(std::string_view v) {
  if (v.empty()) return std::nullopt;
  long long out = 0;
  const char* begin = v.data();
  const char* end = v.data() + v.size();
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

bool isUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0u) == 0xC0u && c >= 0xC2u) {
      n = 1;
    } else if ((c & 0xF0u) == 0xE0u) {
      n = 2;
    } else if ((c & 0xF8u) == 0xF0u && c <= 0xF4u) {
      n = 3;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0u) != 0x80u) return false;
    }
    i += n + 1;
  }
  return true;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  while (i + 2 < bytes.size()) {
    const uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(v >> 18) & 63u];
    out += kAlphabet[(v >> 12) & 63u];
    out += kAlphabet[(v >> 6) & 63u];
    out += kAlphabet[v & 63u];
    i += 3;
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size())
      v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63u];
    out += kAlphabet[(v >> 12) & 63u];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63u] : '=';
    out += '=';
  }
  return out;
}

}  // namespace tandem::ldap
