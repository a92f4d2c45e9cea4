// LdapConfig: everything the LDAP connector needs to reach a directory and map its entries, read
// from the JSON the core passes (the `sync_ldap` job's arguments, whose keys mirror the host's
// `ldap.*` settings without the prefix).
//
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "reconnect.h"

namespace tandem::ldap {

// How the values of an attribute become a field value.
enum class Transform {
  kText,             // UTF-8 text as is
  kGuid,             // 16 raw bytes (AD objectGUID) -> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
  kDate,             // YYYY-MM-DD, YYYYMMDD or generalizedTime -> YYYY-MM-DD
  kGeneralizedTime,  // YYYYMMDDHHMMSS[.f](Z|+hhmm) -> YYYY-MM-DD
  kFileTime,         // AD 100 ns intervals since 1601-01-01 -> YYYY-MM-DD
  kBool,             // TRUE/FALSE (also true, 1, yes) -> "true"/"false"
  kUacDisabled,      // AD userAccountControl: bit 0x2 set -> "true"
  kInteger,          // decimal integer
  kDn,               // a DN, normalised
};

// Candidate attributes for one field, first present wins, and the transform of its values.
struct FieldMap {
  std::vector<std::string> attributes;
  Transform transform = Transform::kText;
};

struct AttributeMapping {
  FieldMap stableId;
  FieldMap login;
  FieldMap displayName;
  FieldMap givenName;
  FieldMap familyName;
  FieldMap mail;
  FieldMap department;
  bool departmentFromDn = false;  // no department attribute: use the entry's parent OU
  FieldMap title;
  FieldMap level;
  FieldMap employeeNumber;
  FieldMap employeeType;
  FieldMap manager;
  FieldMap location;
  FieldMap timeZone;
  FieldMap languages;  // multi-valued, or one value separated by commas/semicolons
  FieldMap disabled;
  FieldMap hireDate;
  FieldMap hireDateFallback;  // used when hireDate is absent; marked "approximate"
  FieldMap groupId;
  FieldMap groupName;
  FieldMap groupMember;

  // Every attribute to request for people (never "*": photos).
  std::vector<std::string> personAttributes() const;
  std::vector<std::string> groupAttributes() const;
};

// Which incremental mechanism to use. kAuto picks from the rootDSE: syncrepl when the server
// supports the RFC 4533 control, uSNChanged when it is Active Directory, modifyTimestamp otherwise.
enum class IncrementalMechanism : uint8_t { kAuto, kSyncrepl, kUsn, kTimestamp, kOff };

struct LdapConfig {
  std::vector<std::string> uris;  // tried in order (failover)
  std::string bindDn;
  std::string passwordFile;  // the password itself is read at connect time, never stored here
  std::string caFile;
  bool verifyCertificates = true;
  bool startTls = false;
  std::string baseDn;
  std::string userFilter;
  std::string groupBaseDn;  // empty: baseDn
  std::string groupFilter;
  int pageSize = 500;  // 1..1000
  int networkTimeoutSeconds = 10;
  int resultTimeoutSeconds = 60;
  std::string preset = "openldap";
  AttributeMapping mapping;
  std::string hrAdminGroup = "tandem-hr-admins";
  int syncIntervalMinutes = 60;
  double deletionGuardShare = 0.10;
  IncrementalMechanism incremental = IncrementalMechanism::kAuto;
  int timestampOverlapSeconds = 300;  // modifyTimestamp mode: re-read this far back
  int writeBatch = 2500;              // people per store transaction during a sync
  ReconnectSettings reconnect;  // a scan that loses its connection reconnects within this budget

  // Reads the JSON configuration: keys uri (one string, several separated by spaces or commas)
  // or uris (array), bind_dn, password_file, ca_file, verify_certs, start_tls, base_dn,
  // user_filter, group_base_dn, group_filter, page_size, network_timeout, timeout, preset,
  // hr_admin_group, sync_interval_minutes, deletion_guard_share, incremental (auto, syncrepl,
  // usn, timestamp or off), timestamp_overlap_seconds, reconnect_attempts (0..100, default 5:
  // reconnects per scan after the connection was lost or timed out; 0 never reconnects),
  // reconnect_initial_delay_ms (0..600000, default 500: the first wait, doubled each further
  // attempt of an outage), reconnect_max_delay_ms (0..600000, default 8000: the longest wait),
  // reconnect_max_total_ms (0..3600000, default 60000: all waits of a scan together),
  // write_batch (1..100000, default 2500: people written per store transaction),
  // hire_date_format (date: YYYY-MM-DD,
  // YYYYMMDD or generalizedTime; generalized_time; filetime: AD integer) and map (field -> attribute list
  // overriding the preset, e.g. {"level": ["employeeGrade"]}). Unknown keys are ignored.
  // Errors: kInvalidArgument naming the key (missing uri/base_dn/bind_dn/password_file, page size
  // outside 1..1000, an unknown preset, a bad URI scheme, a share outside 0..1).
  static core::Result<LdapConfig> fromJson(const nlohmann::json& j);
};

// The presets: "openldap" (inetOrgPerson + tandemPerson), "active-directory", "freeipa".
// kInvalidArgument for another name.
core::Result<AttributeMapping> presetMapping(std::string_view preset);
// Default user and group filters of a preset.
std::string presetUserFilter(std::string_view preset);
std::string presetGroupFilter(std::string_view preset);

// Reads a secret from a file: trailing CR/LF removed. kInvalidArgument when the file is missing,
// unreadable or empty (an empty simple bind is anonymous and would "succeed").
core::Result<std::string> readPasswordFile(const std::string& path);

}  // namespace tandem::ldap
