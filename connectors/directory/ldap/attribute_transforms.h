// Pure conversions of LDAP attribute values (no libldap): dates, AD filetimes, booleans, GUIDs.
// Each returns nullopt for a value it cannot read. Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem::ldap {

// "20240131093000Z", "20240131093000.5+0100", "202401310930Z" -> "2024-01-31" (the date as
// written; the offset is not applied).
std::optional<std::string> generalizedTimeToDate(std::string_view value);
// "2024-01-31", "20240131" or a generalizedTime -> "2024-01-31"; the date must exist.
std::optional<std::string> anyDateToDate(std::string_view value);
// AD FILETIME (100 ns intervals since 1601-01-01 UTC) -> "YYYY-MM-DD". 0 and
// 9223372036854775807 ("never") give nullopt.
std::optional<std::string> fileTimeToDate(std::string_view value);
// TRUE/FALSE (any case), 1/0, yes/no.
std::optional<bool> parseLdapBool(std::string_view value);
// userAccountControl: true when ACCOUNTDISABLE (0x2) is set.
std::optional<bool> uacDisabled(std::string_view value);
// 16 raw bytes of an AD objectGUID -> canonical lower-case text
// (the first three groups little-endian, as Windows prints it).
std::optional<std::string> guidToText(std::string_view bytes);
std::optional<long long> parseInteger(std::string_view value);
// True when the bytes are well-formed UTF-8.
bool isUtf8(std::string_view s);
std::string base64(std::string_view bytes);

}  // namespace tandem::ldap
