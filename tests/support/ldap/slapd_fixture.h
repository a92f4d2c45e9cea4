// A throwaway OpenLDAP slapd for integration tests (design/DIRECTORY.md, "A throwaway slapd for
// tests"): generated directory, own temp dir, own ports, own process group.
//
// Thread-safety: none; use one Slapd from one thread, and call start()/restart() from a thread
// that outlives it (slapd gets PR_SET_PDEATHSIG=SIGTERM, tied to the forking thread, so a killed
// test runner leaves no slapd behind). Ownership: the Slapd owns the slapd process (own session,
// PID in pid()) and its temp directory; the destructor stops the one and removes the other.
// Errors: start(), restart() and modify() throw std::runtime_error (with slapd's log tail).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <sys/types.h>

#include "directory_generator.h"

namespace tandem::testing {

struct SlapdOptions {
  int people = 10000;        // inetOrgPerson entries (>= 64), see GeneratedDirectory
  std::uint32_t seed = 7;    // generator seed
  bool tls = false;          // also listen on ldaps:// and allow StartTLS on ldap://
  int pagedLimit = 1000;     // size.pr of the sync account (pages above it: adminLimitExceeded)
  bool logOperations = false;  // slapd -d stats: one log line per connection and operation
                               // (BIND, SRCH, RESULT, closed), to count what a client did
};

class Slapd {
 public:
  // Generates the directory, configures, loads (slapadd -q -w) and starts slapd; waits (<= 30 s)
  // until the rootDSE answers over ldapi. Throws std::runtime_error with the log tail on failure.
  static std::unique_ptr<Slapd> start(const SlapdOptions& options);
  ~Slapd();  // stop() (SIGTERM, SIGKILL after 5 s), then removes the temp dir
  Slapd(const Slapd&) = delete;
  Slapd& operator=(const Slapd&) = delete;

  std::string uri() const;              // "ldap://127.0.0.1:PORT"
  std::string ldapsUri() const;         // "ldaps://127.0.0.1:PORT2" ("" without tls)
  std::string ldapiUri() const;         // "ldapi://%2Ftmp%2F...%2Fldapi" (EXTERNAL maps to the rootdn)
  std::string caFile() const;           // CA that signed the server cert (SAN IP:127.0.0.1); "" without tls
  std::string untrustedCaFile() const;  // a CA that did not sign it; "" without tls
  std::string baseDn() const;           // "dc=example,dc=com"
  std::string bindDn() const;           // "cn=sync,dc=example,dc=com"
  std::string bindPassword() const;     // the sync account's password
  std::string passwordFile() const;     // file (0600, no trailing newline) holding bindPassword()
  std::string rootDn() const;           // "cn=admin,dc=example,dc=com" (only via ldapi EXTERNAL)
  std::string workDir() const;          // the temp dir (slapd.conf, slapd.log, db/)
  std::string logTail(std::size_t bytes = 4000) const;  // end of slapd's stdout/stderr
  const GeneratedDirectory& directory() const;

  void stop();     // stops the server; data kept. No-op when stopped.
  void restart();  // stop() if running, then start on the same ports; throws on failure
  // Applies LDIF change records with `ldapmodify -Y EXTERNAL` over ldapi (as the rootdn).
  void modify(const std::string& ldifChanges);
  int pid() const;  // -1 when stopped
  bool running() const { return pid_ > 0; }

 private:
  Slapd() = default;
  void launch();  // starts slapd on port_/tlsPort_ and waits; throws on failure

  SlapdOptions options_;
  GeneratedDirectory directory_;
  std::string dir_;
  int port_ = 0;
  int tlsPort_ = 0;
  pid_t pid_ = -1;
};

}  // namespace tandem::testing
