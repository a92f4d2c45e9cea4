#include "syncrepl_refresh.h"

#include <sys/time.h>

#include <memory>

#include "incremental_plan.h"
#include "ldap_search.h"

namespace tandem::ldap {

namespace {

struct BerDeleter {
  void operator()(BerElement* ber) const { ber_free(ber, 1); }
};
using Ber = std::unique_ptr<BerElement, BerDeleter>;

struct ControlsDeleter {
  void operator()(LDAPControl** controls) const { ldap_controls_free(controls); }
};
using Controls = std::unique_ptr<LDAPControl*, ControlsDeleter>;

std::string text(const berval& bv) {
  return bv.bv_val != nullptr ? std::string(bv.bv_val, bv.bv_len) : std::string();
}

core::Status malformed(const std::string& what) {
  return core::unavailable("the server sent a malformed " + what);
}

// Reads an optional cookie at the current position into `cookie`.
void optionalCookie(BerElement* ber, std::string& cookie) {
  ber_len_t len = 0;
  if (ber_peek_tag(ber, &len) == LDAP_TAG_SYNC_COOKIE) {
    berval c{0, nullptr};
    if (ber_scanf(ber, "m", &c) != LBER_ERROR) cookie = text(c);
  }
}

// Reads an optional BOOLEAN with `tag` (RFC 4533 DEFAULT values are the caller's).
void optionalBool(BerElement* ber, ber_tag_t tag, bool& value) {
  ber_len_t len = 0;
  if (ber_peek_tag(ber, &len) == tag) {
    ber_int_t b = 0;
    if (ber_scanf(ber, "b", &b) != LBER_ERROR) value = b != 0;
  }
}

core::Result<LDAPControl*> requestControl(const std::string& cookie) {
  Ber ber(ber_alloc_t(LBER_USE_DER));
  if (!ber) return core::internalError("out of memory for the sync request control");
  int rc = 0;
  if (cookie.empty()) {
    rc = ber_printf(ber.get(), "{e}", static_cast<ber_int_t>(LDAP_SYNC_REFRESH_ONLY));
  } else {
    berval c{static_cast<ber_len_t>(cookie.size()), const_cast<char*>(cookie.data())};
    rc = ber_printf(ber.get(), "{eO}", static_cast<ber_int_t>(LDAP_SYNC_REFRESH_ONLY), &c);
  }
  if (rc < 0) return core::internalError("cannot encode the sync request control");
  berval value{0, nullptr};
  if (ber_flatten2(ber.get(), &value, 0) < 0) {
    return core::internalError("cannot encode the sync request control");
  }
  LDAPControl* control = nullptr;
  rc = ldap_control_create(LDAP_CONTROL_SYNC, /*iscritical=*/1, &value, /*dupval=*/1, &control);
  if (rc != LDAP_SUCCESS) return ldapStatus(rc, "cannot create the sync request control");
  return control;
}

struct Run {
  LDAP* ld;
  const SyncreplHandlers& handlers;
  SyncreplOutcome outcome;
};

core::Status onEntry(Run& run, LDAPMessage* msg) {
  LDAPControl** raw = nullptr;
  if (ldap_get_entry_controls(run.ld, msg, &raw) != LDAP_SUCCESS) {
    return malformed("entry (no controls)");
  }
  Controls controls(raw);
  LDAPControl* state = ldap_control_find(LDAP_CONTROL_SYNC_STATE, raw, nullptr);
  if (state == nullptr) return malformed("entry without a sync state control");
  Ber ber(ber_init(&state->ldctl_value));
  if (!ber) return malformed("sync state control");
  ber_int_t value = 0;
  berval uuid{0, nullptr};
  if (ber_scanf(ber.get(), "{em", &value, &uuid) == LBER_ERROR) {
    return malformed("sync state control");
  }
  const std::string id = uuidText(text(uuid));
  optionalCookie(ber.get(), run.outcome.cookie);
  SyncState s = SyncState::kPresent;
  switch (value) {
    case LDAP_SYNC_PRESENT:
      s = SyncState::kPresent;
      run.outcome.presentPhase = true;
      break;
    case LDAP_SYNC_ADD:
      s = SyncState::kAdd;
      break;
    case LDAP_SYNC_MODIFY:
      s = SyncState::kModify;
      break;
    case LDAP_SYNC_DELETE:
      s = SyncState::kDelete;
      break;
    default:
      return malformed("sync state");
  }
  if (id.empty()) return malformed("syncUUID");
  return run.handlers.onEntry(run.ld, msg, s, id);
}

core::Status onIntermediate(Run& run, LDAPMessage* msg) {
  char* oid = nullptr;
  berval* data = nullptr;
  if (ldap_parse_intermediate(run.ld, msg, &oid, &data, nullptr, 0) != LDAP_SUCCESS) {
    return malformed("intermediate response");
  }
  const bool syncInfo = oid != nullptr && std::string(oid) == LDAP_SYNC_INFO;
  if (oid != nullptr) ldap_memfree(oid);
  std::unique_ptr<berval, void (*)(berval*)> owned(data, [](berval* b) {
    if (b != nullptr) ber_bvfree(b);
  });
  if (!syncInfo || data == nullptr) return core::Status::ok();
  Ber ber(ber_init(data));
  if (!ber) return malformed("syncInfo");
  ber_len_t len = 0;
  const ber_tag_t tag = ber_peek_tag(ber.get(), &len);
  switch (tag) {
    case LDAP_TAG_SYNC_NEW_COOKIE: {
      berval c{0, nullptr};
      if (ber_scanf(ber.get(), "m", &c) == LBER_ERROR) return malformed("syncInfo newcookie");
      run.outcome.cookie = text(c);
      return core::Status::ok();
    }
    case LDAP_TAG_SYNC_REFRESH_DELETE:
    case LDAP_TAG_SYNC_REFRESH_PRESENT: {
      if (ber_scanf(ber.get(), "{") == LBER_ERROR) return malformed("syncInfo refresh");
      optionalCookie(ber.get(), run.outcome.cookie);
      // The end of a present phase: what was not reported as present is gone.
      if (tag == LDAP_TAG_SYNC_REFRESH_PRESENT) run.outcome.presentPhase = true;
      return core::Status::ok();
    }
    case LDAP_TAG_SYNC_ID_SET: {
      if (ber_scanf(ber.get(), "{") == LBER_ERROR) return malformed("syncIdSet");
      optionalCookie(ber.get(), run.outcome.cookie);
      bool deletes = false;
      optionalBool(ber.get(), LDAP_TAG_REFRESHDELETES, deletes);
      BerVarray uuids = nullptr;
      if (ber_scanf(ber.get(), "[W]", &uuids) == LBER_ERROR) return malformed("syncIdSet");
      std::vector<std::string> ids;
      for (BerVarray u = uuids; u != nullptr && u->bv_val != nullptr; ++u) {
        std::string id = uuidText(text(*u));
        if (!id.empty()) ids.push_back(std::move(id));
      }
      if (uuids != nullptr) ber_bvarray_free(uuids);
      if (!deletes) run.outcome.presentPhase = true;
      return run.handlers.onIdSet(ids, deletes);
    }
    default:
      return malformed("syncInfo message");
  }
}

}  // namespace

core::Result<SyncreplOutcome> syncreplRefresh(LdapConnection& conn, const LdapConfig& config,
                                              const std::string& base, const std::string& filter,
                                              const std::vector<std::string>& attributes,
                                              const std::string& cookie,
                                              const SyncreplHandlers& handlers) {
  LDAP* ld = conn.handle();
  auto control = requestControl(cookie);
  if (!control.isOk()) return control.status();
  LDAPControl* controls[] = {*control, nullptr};
  AttributeList attrs(attributes);
  timeval timeout{config.resultTimeoutSeconds, 0};
  int msgid = 0;
  int rc = ldap_search_ext(ld, base.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attrs.get(), 0,
                           controls, nullptr, &timeout, LDAP_NO_LIMIT, &msgid);
  ldap_control_free(*control);
  const std::string what = "the syncrepl refresh on " + conn.uri();
  if (rc != LDAP_SUCCESS) return ldapStatus(rc, what + " failed");
  Run run{ld, handlers, {}};
  run.outcome.cookie = cookie;
  while (true) {
    LDAPMessage* raw = nullptr;
    rc = ldap_result(ld, msgid, LDAP_MSG_ONE, &timeout, &raw);
    Message msg(raw);
    if (rc == 0) {
      ldap_abandon_ext(ld, msgid, nullptr, nullptr);
      return ldapStatus(LDAP_TIMEOUT, what + " timed out");
    }
    if (rc < 0) {
      int code = LDAP_OTHER;
      ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
      return ldapStatus(code, what + " failed");
    }
    core::Status handled = core::Status::ok();
    switch (rc) {
      case LDAP_RES_SEARCH_ENTRY:
        handled = onEntry(run, msg.get());
        break;
      case LDAP_RES_INTERMEDIATE:
        handled = onIntermediate(run, msg.get());
        break;
      case LDAP_RES_SEARCH_REFERENCE:
        break;  // referrals are off
      case LDAP_RES_SEARCH_RESULT: {
        int code = LDAP_OTHER;
        char* diagnostic = nullptr;
        LDAPControl** serverControls = nullptr;
        rc = ldap_parse_result(ld, msg.get(), &code, nullptr, &diagnostic, nullptr,
                               &serverControls, 0);
        Controls ownedControls(serverControls);
        const std::string detail = diagnostic != nullptr && *diagnostic != '\0'
                                       ? std::string(" (") + diagnostic + ")"
                                       : std::string();
        if (diagnostic != nullptr) ldap_memfree(diagnostic);
        if (rc != LDAP_SUCCESS) code = rc;
        if (code == LDAP_SYNC_REFRESH_REQUIRED ||
            (!cookie.empty() &&
             (code == LDAP_PROTOCOL_ERROR || code == LDAP_UNWILLING_TO_PERFORM))) {
          return core::failedPrecondition("the server refused the stored syncrepl cookie: " +
                                          ldapStatus(code, what).message() + detail)
              .withDetail("full_sync_required");
        }
        if (code != LDAP_SUCCESS) return ldapStatus(code, what + " failed" + detail);
        if (LDAPControl* done = ldap_control_find(LDAP_CONTROL_SYNC_DONE, serverControls, nullptr);
            done != nullptr && done->ldctl_value.bv_len > 0) {
          Ber ber(ber_init(&done->ldctl_value));
          if (!ber || ber_scanf(ber.get(), "{") == LBER_ERROR) return malformed("syncDone");
          optionalCookie(ber.get(), run.outcome.cookie);
          bool refreshDeletes = false;
          optionalBool(ber.get(), LDAP_TAG_REFRESHDELETES, refreshDeletes);
          if (!refreshDeletes) run.outcome.presentPhase = true;
        } else {
          // No syncDone: refreshDeletes defaults to FALSE, i.e. a present refresh.
          run.outcome.presentPhase = true;
        }
        return run.outcome;
      }
      default:
        break;
    }
    if (!handled.isOk()) {
      ldap_abandon_ext(ld, msgid, nullptr, nullptr);
      return handled;
    }
  }
}

}  // namespace tandem::ldap
