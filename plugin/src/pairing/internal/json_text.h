// JSON text written by hand, byte for byte as nlohmann::json writes it with
// dump(-1, ' ', /*ensure_ascii=*/false, error_handler_t::replace): the canonical input of a run
// (canonical_input.h) is hashed, and the hashes of stored runs were made from nlohmann's text, so
// every byte here must stay what nlohmann 3.11 writes.
//
// Strings: '"' and '\\' escaped, \b \f \n \r \t, the other control characters (< 0x20) as \u00xx
// (lower-case hex), everything else raw UTF-8 (0x7F included). Invalid UTF-8 is replaced by U+FFFD
// exactly as nlohmann's error_handler_t::replace does it, with the same decoder (Hoehrmann's DFA,
// which refuses overlong forms, surrogates and code points above U+10FFFF): a byte that cannot
// start a sequence becomes one U+FFFD; a sequence cut short by a byte that cannot continue it
// becomes one U+FFFD and that byte is read again as the start of the next one; a sequence cut
// short by the end of the string becomes one U+FFFD.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tandem::pairing::internal {

// Appends `s` as a JSON string (quotes included).
void appendJsonString(std::string& out, std::string_view s);

// `s` with every invalid UTF-8 sequence replaced by U+FFFD as appendJsonString replaces it, and
// nothing else changed: appendJsonString(out, s) and appendJsonString(out, replaceInvalidUtf8(s))
// append the same bytes. Returns `s` unchanged when it is valid UTF-8.
std::string replaceInvalidUtf8(std::string_view s);

// Appends `v` in decimal ("-12", "0", "9000000000").
void appendJsonInt(std::string& out, int64_t v);

}  // namespace tandem::pairing::internal
