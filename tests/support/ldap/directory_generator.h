// Test-only generator of a deterministic LDAP directory (LDIF for slapadd) with the edge cases
// described in design/DIRECTORY.md, each at a fixed uid. See tests/integration/ldap/README.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tandem::testing {

// Options of generateDirectoryLdif().
struct GeneratorOptions {
  int people = 10000;             // inetOrgPerson entries in total (edge cases included); >= 64
  std::uint32_t seed = 7;         // same seed and count => byte-identical LDIF
  std::string syncPassword;       // userPassword of cn=sync; empty => derived from the seed
};

// What was generated, so tests can assert without re-parsing the LDIF. Plain value type.
struct GeneratedDirectory {
  std::string baseDn;             // "dc=example,dc=com"
  std::string peopleDn;           // "ou=people,dc=example,dc=com"
  std::string groupsDn;           // "ou=groups,dc=example,dc=com"
  std::string bindDn;             // "cn=sync,dc=example,dc=com"
  std::string bindPassword;       // cleartext password of bindDn
  std::string userPassword;       // cleartext userPassword of every uid in passwordUids

  int people = 0;                 // inetOrgPerson entries
  int activeCount = 0;            // people whose tandemDisabled is FALSE
  int groups = 0;                 // groupOfNames entries
  int entries = 0;                // all entries in the LDIF

  std::vector<std::string> departments;    // display names, e.g. "Legal, Risk"
  std::vector<std::string> departmentDns;  // same order, as written (RFC 4514, "\2C" escaping)
  std::vector<int> departmentSizes;        // people per department, same order

  // Fixed uids by role (see README.md).
  std::string ceoUid;                          // root of the manager tree, no manager
  std::string noMailUid;                       // no mail attribute
  std::string twoMailsUid;                     // two mail values
  std::vector<std::string> duplicateMailUids;  // two people sharing duplicateMail
  std::string duplicateMail;
  std::string danglingManagerUid;              // manager is danglingManagerDn (nobody)
  std::string danglingManagerDn;
  std::string selfManagerUid;                  // manager is its own DN
  std::vector<std::string> cycleUids;          // 3-cycle: [0]->[1]->[2]->[0]
  std::string caseManagerUid;                  // manager DN upper-cased with extra spaces
  std::string caseManagerTargetUid;            // ... pointing to this person
  std::string caseManagerDnAsWritten;
  std::string escapedOuUid;                    // lives in ou=Legal\2C Risk
  std::string escapedOuManagerUid;             // its manager, referenced with "\, " escaping
  std::string escapedOuManagerDnAsWritten;
  std::string contractorUid;                   // employeeType/tandemEmployeeType "contractor"
  std::string internUid;                       // ... "intern"
  std::string disabledUid;                     // tandemDisabled TRUE (fixed one)
  std::vector<std::string> disabledUids;       // every person with tandemDisabled TRUE
  std::vector<std::string> hrAdminUids;        // members of hrAdminGroupDn
  std::vector<std::string> passwordUids;       // people with userPassword == userPassword

  std::string hrAdminGroupDn;                  // cn=tandem-hr-admins,ou=groups,...
  std::vector<std::string> nestedGroupDns;     // [0] contains [1], [1] contains [2]
  std::vector<std::string> cyclicGroupDns;     // [0] contains [1], [1] contains [0]
  std::string danglingMemberGroupDn;           // has a member DN of nobody

  // DN (as written in the LDIF) of a person: every fixed uid and every generic "pNNNNNN".
  // Returns "" for an unknown uid.
  std::string dnOf(const std::string& uid) const;

  std::map<std::string, std::string> fixedDns;  // fixed uid -> DN
  std::vector<std::uint8_t> genericDepartment;  // index k-1 -> department index of "p%06d"(k)
};

// The slapd schema (old-style slapd.conf syntax) defining the auxiliary class tandemPerson.
const std::string& tandemSchema();

// Writes the LDIF (for `slapadd`) to `path`. Throws std::runtime_error on I/O errors or when
// options.people < 64.
GeneratedDirectory generateDirectoryLdif(const GeneratorOptions& options, const std::string& path);

}  // namespace tandem::testing
