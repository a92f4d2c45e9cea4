// IncrementalPlan: the decisions of an incremental LDAP sync that need no network — which
// mechanism the server and configuration allow, what the stored watermark says, whether it can
// still be used against the server as it is now, and the search filter of the non-syncrepl modes.
// Pure functions, unit-tested with fake rootDSE values.
//
// Watermark text (stored by the core in sync_state.cookie, opaque to it), JSON with "v":1 and
//   syncrepl:  {"mechanism":"syncrepl","scope":S,"cookie":"<hex of the RFC 4533 cookie>"}
//   usn:       {"mechanism":"usn","scope":S,"usn":N,"dc":"<dnsHostName>","invocation":"<id>"}
//   timestamp: {"mechanism":"timestamp","scope":S,"since":"YYYYMMDDHHMMSSZ"}
// where S identifies the people search (base DN and filter): another search needs a full sync.
//
// Thread-safety: value types and stateless functions.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "ldap_config.h"

namespace tandem::ldap {

inline constexpr const char* kSyncreplControlOid = "1.3.6.1.4.1.4203.1.9.1.1";

// What the rootDSE says about the server.
struct ServerCapabilities {
  bool syncrepl = false;     // supportedControl lists the RFC 4533 sync request control
  bool activeDirectory = false;  // highestCommittedUSN present (AD and AD LDS)
  int64_t highestCommittedUsn = 0;
  std::string dnsHostName;    // the DC that answered
  std::string invocationId;   // of that DC's database (from dsServiceName's NTDS Settings)
};

struct Watermark {
  std::string mechanism;  // syncrepl | usn | timestamp
  std::string scope;
  std::string cookie;     // syncrepl: raw cookie bytes
  int64_t usn = 0;        // usn: highestCommittedUSN when the watermark was taken
  std::string dc;         // usn: dnsHostName
  std::string invocation; // usn: invocationId
  std::string since;      // timestamp: generalizedTime UTC when the watermark was taken

  std::string encode() const;
  // kFailedPrecondition detail "full_sync_required" for text that is not a watermark.
  static core::Result<Watermark> decode(const std::string& text);
};

// The identity of the people search a watermark belongs to.
std::string searchScope(const LdapConfig& config);

// The mechanism for this configuration and server: "syncrepl", "usn" or "timestamp"; "" when
// incremental sync is off. kFailedPrecondition (detail "full_sync_required") when the
// configuration forces a mechanism the server lacks (syncrepl without the control, usn on a
// server without highestCommittedUSN).
core::Result<std::string> chooseMechanism(const LdapConfig& config,
                                          const ServerCapabilities& caps);

// Whether `stored` can be continued on this server: ok, or kFailedPrecondition with detail
// "full_sync_required" and the reason (another search scope or mechanism; usn: another DC,
// a changed invocationId (restore), or a USN ahead of the server's).
core::Status checkWatermark(const Watermark& stored, const LdapConfig& config,
                            const ServerCapabilities& caps, const std::string& mechanism);

// The people filter of a usn run: (&<user filter>(uSNChanged>=usn+1)).
std::string usnFilter(const std::string& userFilter, int64_t usn);
// The people filter of a timestamp run: (&<user filter>(modifyTimestamp>=since - overlap)).
// `since` is generalizedTime "YYYYMMDDHHMMSSZ"; kFailedPrecondition (full_sync_required) when
// it cannot be read.
core::Result<std::string> timestampFilter(const std::string& userFilter, const std::string& since,
                                          int overlapSeconds);
// Now, as generalizedTime UTC "YYYYMMDDHHMMSSZ".
std::string generalizedTimeNow();

// The RFC 4122 text of a 16-byte binary UUID (lower case), "" for another length.
std::string uuidText(const std::string& binary);

}  // namespace tandem::ldap
