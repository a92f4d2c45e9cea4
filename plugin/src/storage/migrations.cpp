#include "storage/migrations.h"

namespace tandem::storage {

namespace {

constexpr std::string_view kInitialSchema = R"SQL(
CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('import', 'ldap', 'scim', 'demo')),
  external_id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 100),
  hire_date TEXT NOT NULL DEFAULT '',
  hire_date_confidence TEXT NOT NULL DEFAULT 'unknown'
    CHECK (hire_date_confidence IN ('exact', 'approximate', 'unknown')),
  location TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT '',
  employee_type TEXT NOT NULL DEFAULT '',
  languages TEXT NOT NULL DEFAULT '[]',
  manager_external_id TEXT NOT NULL DEFAULT '',
  manager_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  raw TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX employees_department ON employees(department, display_name);
CREATE INDEX employees_display_name ON employees(display_name);
CREATE INDEX employees_manager ON employees(manager_id);

CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT UNIQUE,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, employee_id)
) WITHOUT ROWID;
CREATE INDEX group_members_employee ON group_members(employee_id);

CREATE TABLE group_subgroups (
  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  child_group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, child_group_id)
) WITHOUT ROWID;

CREATE TABLE skills (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('digital', 'business')),
  name TEXT NOT NULL,
  names TEXT NOT NULL DEFAULT '{}',
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE participants (
  employee_id INTEGER PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee', 'both')),
  capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 10),
  languages TEXT NOT NULL DEFAULT '[]',
  availability TEXT NOT NULL DEFAULT '[]',
  hope_note TEXT NOT NULL DEFAULT '',
  readiness TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'opted_out')),
  consent_at TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE participant_skills (
  employee_id INTEGER NOT NULL REFERENCES participants(employee_id) ON DELETE CASCADE,
  skill_id INTEGER NOT NULL REFERENCES skills(id),
  direction TEXT NOT NULL CHECK (direction IN ('teach', 'learn')),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  PRIMARY KEY (employee_id, skill_id, direction)
) WITHOUT ROWID;
CREATE INDEX participant_skills_skill ON participant_skills(skill_id, direction);

CREATE TABLE programs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'running', 'closed')),
  settings TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE module_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}'
);
-- Append-only: the only change allowed is replacing a person's name by a pseudonym (privacy erase).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action
    OR NEW.details IS NOT OLD.details
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL";

// Seed catalogue: 12 digital skills (juniors teach) and 8 business skills (seniors teach).
constexpr std::string_view kSeedSkills = R"SQL(
INSERT INTO skills (slug, kind, name, names, description) VALUES
 ('data-analysis', 'digital', 'Data analysis', '{"fr":"Analyse de données"}', 'Spreadsheets, pivot tables, reading a dataset'),
 ('data-visualisation', 'digital', 'Data visualisation', '{"fr":"Visualisation de données"}', 'Charts and dashboards that tell a story'),
 ('ai-tools', 'digital', 'AI assistants and tools', '{"fr":"Assistants et outils d''IA"}', 'Using generative AI safely and well'),
 ('collaboration-tools', 'digital', 'Collaboration tools', '{"fr":"Outils collaboratifs"}', 'Shared documents, chat, video meetings'),
 ('social-media', 'digital', 'Social media', '{"fr":"Réseaux sociaux"}', 'Professional presence and listening'),
 ('cybersecurity-hygiene', 'digital', 'Cybersecurity hygiene', '{"fr":"Hygiène de cybersécurité"}', 'Phishing, passwords, MFA'),
 ('automation', 'digital', 'Workflow automation', '{"fr":"Automatisation des tâches"}', 'No-code flows and scripts'),
 ('mobile-productivity', 'digital', 'Mobile productivity', '{"fr":"Productivité mobile"}', 'Working well from phone and tablet'),
 ('cloud-basics', 'digital', 'Cloud basics', '{"fr":"Bases du cloud"}', 'What the cloud is and how teams use it'),
 ('digital-marketing', 'digital', 'Digital marketing', '{"fr":"Marketing digital"}', 'Campaigns, analytics, SEO'),
 ('online-research', 'digital', 'Online research', '{"fr":"Recherche en ligne"}', 'Finding and checking information fast'),
 ('video-content', 'digital', 'Video and content creation', '{"fr":"Création de contenu vidéo"}', 'Short videos, podcasts, presentations'),
 ('business-strategy', 'business', 'Business strategy', '{"fr":"Stratégie d''entreprise"}', 'How the company competes and decides'),
 ('industry-practice', 'business', 'Industry practice', '{"fr":"Pratiques du secteur"}', 'How our market really works'),
 ('business-terminology', 'business', 'Business terminology', '{"fr":"Vocabulaire de l''entreprise"}', 'The words leaders use and what they mean'),
 ('leadership', 'business', 'Leadership', '{"fr":"Leadership"}', 'Leading people and change'),
 ('negotiation', 'business', 'Negotiation', '{"fr":"Négociation"}', 'Preparing and conducting negotiations'),
 ('finance-basics', 'business', 'Finance for non-financials', '{"fr":"Finance pour non-financiers"}', 'Budgets, P&L, business cases'),
 ('stakeholder-management', 'business', 'Stakeholder management', '{"fr":"Gestion des parties prenantes"}', 'Working across departments and levels'),
 ('career-navigation', 'business', 'Career navigation', '{"fr":"Construire sa carrière"}', 'Visibility, networks, next steps');
INSERT INTO module_settings (key, value) VALUES ('module.enabled', 'true');
)SQL";

// Directory sync (LDAP): each employee's normalised DN and manager DN, group DNs, the per-source
// sync state (last run, summary, incremental watermark) and the run lock.
constexpr std::string_view kDirectorySync = R"SQL(
ALTER TABLE employees ADD COLUMN dn TEXT NOT NULL DEFAULT '';
ALTER TABLE employees ADD COLUMN manager_dn TEXT NOT NULL DEFAULT '';
CREATE INDEX employees_dn ON employees(dn) WHERE dn <> '';
CREATE INDEX employees_source_active ON employees(source, active);
ALTER TABLE groups ADD COLUMN dn TEXT NOT NULL DEFAULT '';

CREATE TABLE sync_state (
  source TEXT PRIMARY KEY,
  mode TEXT NOT NULL DEFAULT 'full',
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
  started_at TEXT NOT NULL DEFAULT '',
  finished_at TEXT NOT NULL DEFAULT '',
  last_success_at TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '{}',
  cookie TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;

CREATE TABLE sync_locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  acquired_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  heartbeat_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
)SQL";

// Directory sync, faster: a fingerprint of what the last sync wrote for each person, so an
// unchanged entry costs no write (and no read beyond the identities loaded once per run); the raw
// directory attributes (about 1 KiB a person, rarely read) move to their own table so that the
// employees rows every query and every sync walks stay small; each directory group remembers the
// fingerprint of the member list it was last written from.
constexpr std::string_view kSyncFingerprint = R"SQL(
ALTER TABLE employees ADD COLUMN sync_hash TEXT NOT NULL DEFAULT '';
CREATE TABLE employee_raw (
  employee_id INTEGER PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
  raw TEXT NOT NULL
);
INSERT INTO employee_raw (employee_id, raw) SELECT id, raw FROM employees WHERE raw <> '{}';
ALTER TABLE employees DROP COLUMN raw;
ALTER TABLE groups ADD COLUMN members_hash TEXT NOT NULL DEFAULT '';
)SQL";

// SCIM 2.0 (service provider and client): the identity provider's externalId of each person and
// group (the SCIM "id" is the record's external_id), the full SCIM document of people a SCIM
// provider owns (in employee_raw, like any source's raw attributes), a version per group bumped
// by every membership change (its ETag), a stable SCIM id for every group, the SCIM deletion mark,
// and the hashed bearer tokens of identity providers.
constexpr std::string_view kScim = R"SQL(
-- Rebuilt (SQLite's documented 12-step procedure, run with foreign keys off) to allow the source
-- 'scim_client' (people pulled from a remote SCIM server) besides 'scim' (pushed to us) and to
-- add the SCIM columns: the identity provider's externalId and the SCIM deletion mark.
CREATE TABLE employees_new (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('import', 'ldap', 'scim', 'scim_client', 'demo')),
  external_id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 100),
  hire_date TEXT NOT NULL DEFAULT '',
  hire_date_confidence TEXT NOT NULL DEFAULT 'unknown'
    CHECK (hire_date_confidence IN ('exact', 'approximate', 'unknown')),
  location TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT '',
  employee_type TEXT NOT NULL DEFAULT '',
  languages TEXT NOT NULL DEFAULT '[]',
  manager_external_id TEXT NOT NULL DEFAULT '',
  manager_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  dn TEXT NOT NULL DEFAULT '',
  manager_dn TEXT NOT NULL DEFAULT '',
  sync_hash TEXT NOT NULL DEFAULT '',
  scim_external_id TEXT NOT NULL DEFAULT '',
  scim_deleted_at TEXT NOT NULL DEFAULT ''
);
INSERT INTO employees_new (id, source, external_id, user_name, display_name, given_name,
  family_name, email, department, title, level, hire_date, hire_date_confidence, location,
  time_zone, locale, employee_type, languages, manager_external_id, manager_id, active,
  created_at, updated_at, dn, manager_dn, sync_hash)
SELECT id, source, external_id, user_name, display_name, given_name, family_name, email,
  department, title, level, hire_date, hire_date_confidence, location, time_zone, locale,
  employee_type, languages, manager_external_id, manager_id, active, created_at, updated_at, dn,
  manager_dn, sync_hash FROM employees;
DROP TABLE employees;
ALTER TABLE employees_new RENAME TO employees;
CREATE INDEX employees_department ON employees(department, display_name);
CREATE INDEX employees_display_name ON employees(display_name);
CREATE INDEX employees_manager ON employees(manager_id);
CREATE INDEX employees_dn ON employees(dn) WHERE dn <> '';
CREATE INDEX employees_source_active ON employees(source, active);
CREATE INDEX employees_scim_external_id ON employees(scim_external_id) WHERE scim_external_id <> '';
-- SCIM compares displayName case-insensitively.
CREATE INDEX employees_display_name_nocase ON employees(display_name COLLATE NOCASE);
-- SCIM paging walks this narrow index instead of the rows: page 901 costs what page 1 costs.
CREATE INDEX employees_scim_listed ON employees(id) WHERE scim_deleted_at = '';
CREATE INDEX employees_scim_deleted ON employees(scim_deleted_at) WHERE scim_deleted_at <> '';
-- People whose manager arrives after them are joined when the manager does.
CREATE INDEX employees_manager_external_id ON employees(manager_external_id)
  WHERE manager_external_id <> '';

ALTER TABLE groups ADD COLUMN scim_external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE groups ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE groups SET updated_at = created_at;
-- Every group gets a stable SCIM id: its external id, or one made from its row id.
UPDATE groups SET external_id = 'tandem-group-' || id WHERE external_id IS NULL;
CREATE TRIGGER groups_default_external_id AFTER INSERT ON groups WHEN NEW.external_id IS NULL
BEGIN
  UPDATE groups SET external_id = 'tandem-group-' || NEW.id WHERE id = NEW.id;
END;
CREATE TRIGGER group_members_version_insert AFTER INSERT ON group_members BEGIN
  UPDATE groups SET version = version + 1 WHERE id = NEW.group_id;
END;
CREATE TRIGGER group_members_version_delete AFTER DELETE ON group_members BEGIN
  UPDATE groups SET version = version + 1 WHERE id = OLD.group_id;
END;
CREATE TRIGGER groups_version_update AFTER UPDATE OF name, external_id, scim_external_id ON groups
BEGIN
  UPDATE groups SET version = version + 1 WHERE id = NEW.id;
END;

CREATE TABLE scim_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  lookup TEXT NOT NULL UNIQUE,
  hash BLOB NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  last_used_at TEXT NOT NULL DEFAULT '',
  revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX scim_tokens_active_name ON scim_tokens(name) WHERE revoked_at = '';
)SQL";

// Nested groups are part of a group's SCIM members too: adding or removing a subgroup changes the
// group's version (its ETag) like a person joining or leaving.
constexpr std::string_view kGroupSubgroupVersion = R"SQL(
CREATE TRIGGER group_subgroups_version_insert AFTER INSERT ON group_subgroups BEGIN
  UPDATE groups SET version = version + 1 WHERE id = NEW.group_id;
END;
CREATE TRIGGER group_subgroups_version_delete AFTER DELETE ON group_subgroups BEGIN
  UPDATE groups SET version = version + 1 WHERE id = OLD.group_id;
END;
)SQL";

// Pairing (issue 5). Runs are immutable records of one solve (only their status moves); matches
// carry their life cycle and an append-only history; a mentee holds at most one open match per
// program (the partial unique index), which is what frees them when a match is declined or closed.
// Capacity is not a constraint here: PairingRepository::respond counts in the accepting
// transaction.
constexpr std::string_view kPairing = R"SQL(
CREATE TABLE match_runs (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  created_by TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'published', 'superseded', 'discarded')),
  published_at TEXT NOT NULL DEFAULT '',
  input_hash TEXT NOT NULL CHECK (input_hash <> ''),
  settings TEXT NOT NULL DEFAULT '{}',
  solver_version TEXT NOT NULL CHECK (solver_version <> ''),
  input TEXT NOT NULL DEFAULT '{}',
  result TEXT NOT NULL DEFAULT '{}',
  metrics TEXT NOT NULL DEFAULT '{}',
  fairness TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX match_runs_program ON match_runs(program_id, id);
CREATE TRIGGER match_runs_immutable BEFORE UPDATE ON match_runs
  WHEN NEW.id IS NOT OLD.id OR NEW.program_id IS NOT OLD.program_id
    OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
    OR NEW.input_hash IS NOT OLD.input_hash OR NEW.settings IS NOT OLD.settings
    OR NEW.solver_version IS NOT OLD.solver_version OR NEW.input IS NOT OLD.input
    OR NEW.result IS NOT OLD.result OR NEW.metrics IS NOT OLD.metrics
    OR NEW.fairness IS NOT OLD.fairness
  BEGIN SELECT RAISE(ABORT, 'match_runs are immutable: only the status may change'); END;
CREATE TRIGGER match_runs_status_forward BEFORE UPDATE OF status ON match_runs
  WHEN NEW.status IS NOT OLD.status AND NOT (OLD.status = 'draft'
    OR (OLD.status = 'published' AND NEW.status = 'superseded'))
  BEGIN SELECT RAISE(ABORT, 'a run''s status only moves forward'); END;
CREATE TRIGGER match_runs_no_delete BEFORE DELETE ON match_runs
  BEGIN SELECT RAISE(ABORT, 'match_runs are immutable'); END;

CREATE TABLE matches (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  run_id INTEGER REFERENCES match_runs(id),
  mentor_id INTEGER NOT NULL REFERENCES employees(id),
  mentee_id INTEGER NOT NULL REFERENCES employees(id),
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'published',
    'accepted', 'declined', 'active', 'completed', 'closed')),
  score INTEGER NOT NULL DEFAULT 0,
  breakdown TEXT NOT NULL DEFAULT '{}',
  origin TEXT NOT NULL DEFAULT 'solver'
    CHECK (origin IN ('solver', 'pin', 'kept', 'swap', 'shortlist', 'rematch')),
  mentor_response TEXT NOT NULL DEFAULT 'pending'
    CHECK (mentor_response IN ('pending', 'accepted', 'declined')),
  mentee_response TEXT NOT NULL DEFAULT 'pending'
    CHECK (mentee_response IN ('pending', 'accepted', 'declined')),
  decline_reason TEXT NOT NULL DEFAULT '',
  closed_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (mentor_id <> mentee_id)
);
CREATE UNIQUE INDEX matches_one_open_per_mentee ON matches(program_id, mentee_id)
  WHERE status IN ('proposed', 'approved', 'published', 'accepted', 'active');
CREATE INDEX matches_program_status ON matches(program_id, status);
CREATE INDEX matches_mentor ON matches(mentor_id, program_id, status);
CREATE INDEX matches_mentee ON matches(mentee_id, program_id, status);
CREATE INDEX matches_run ON matches(run_id) WHERE run_id IS NOT NULL;
-- A match never moves to another program, run or pair: a swap is a new match.
CREATE TRIGGER matches_pair_fixed BEFORE UPDATE ON matches
  WHEN NEW.id IS NOT OLD.id OR NEW.program_id IS NOT OLD.program_id
    OR NEW.run_id IS NOT OLD.run_id OR NEW.mentor_id IS NOT OLD.mentor_id
    OR NEW.mentee_id IS NOT OLD.mentee_id OR NEW.created_at IS NOT OLD.created_at
  BEGIN SELECT RAISE(ABORT, 'a match keeps its program, run and people'); END;
CREATE TRIGGER matches_no_delete BEFORE DELETE ON matches
  BEGIN SELECT RAISE(ABORT, 'matches are kept as history'); END;

-- Append-only history of each match. from_status is '' for the creation. Like audit_log, the only
-- change allowed is replacing the actor by a pseudonym (privacy erase).
CREATE TABLE match_events (
  id INTEGER PRIMARY KEY,
  match_id INTEGER NOT NULL REFERENCES matches(id),
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX match_events_match ON match_events(match_id, id);
CREATE TRIGGER match_events_no_update BEFORE UPDATE ON match_events
  WHEN NEW.id IS NOT OLD.id OR NEW.match_id IS NOT OLD.match_id OR NEW.at IS NOT OLD.at
    OR NEW.from_status IS NOT OLD.from_status OR NEW.to_status IS NOT OLD.to_status
    OR NEW.reason IS NOT OLD.reason
  BEGIN SELECT RAISE(ABORT, 'match_events is append-only'); END;
CREATE TRIGGER match_events_no_delete BEFORE DELETE ON match_events
  BEGIN SELECT RAISE(ABORT, 'match_events is append-only'); END;

CREATE TABLE pairing_pins (
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  mentor_id INTEGER NOT NULL REFERENCES employees(id),
  mentee_id INTEGER NOT NULL REFERENCES employees(id),
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (program_id, mentor_id, mentee_id),
  CHECK (mentor_id <> mentee_id)
) WITHOUT ROWID;
-- A mentee has one mentor per program, so at most one pin.
CREATE UNIQUE INDEX pairing_pins_one_per_mentee ON pairing_pins(program_id, mentee_id);

CREATE TABLE pairing_blocks (
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  mentor_id INTEGER NOT NULL REFERENCES employees(id),
  mentee_id INTEGER NOT NULL REFERENCES employees(id),
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (program_id, mentor_id, mentee_id),
  CHECK (mentor_id <> mentee_id)
) WITHOUT ROWID;

CREATE TABLE shortlist_requests (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  mentee_id INTEGER NOT NULL REFERENCES employees(id),
  mentor_id INTEGER NOT NULL REFERENCES employees(id),
  rank INTEGER NOT NULL CHECK (rank >= 1),
  score INTEGER NOT NULL DEFAULT 0,
  breakdown TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  expires_at TEXT NOT NULL,
  responded_at TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  match_id INTEGER REFERENCES matches(id),
  CHECK (mentor_id <> mentee_id)
);
-- A mentee asks one mentor at a time.
CREATE UNIQUE INDEX shortlist_one_pending_per_mentee ON shortlist_requests(program_id, mentee_id)
  WHERE status = 'pending';
CREATE INDEX shortlist_mentee ON shortlist_requests(mentee_id, program_id);
CREATE INDEX shortlist_mentor ON shortlist_requests(mentor_id, status);
CREATE INDEX shortlist_pending_expiry ON shortlist_requests(expires_at) WHERE status = 'pending';

-- However a person is deactivated (a directory sync update such as a disabled AD account, an
-- import with active false, a privacy erase), their open matches end with reason "left the
-- directory" and history kept. The connectors close them first with their own actor; this
-- catches every other path.
CREATE TRIGGER employees_deactivated_close_matches AFTER UPDATE OF active ON employees
  WHEN OLD.active = 1 AND NEW.active = 0
BEGIN
  INSERT INTO match_events (match_id, actor, from_status, to_status, reason)
    SELECT id, 'directory', status, 'closed', 'left the directory' FROM matches
    WHERE (mentor_id = NEW.id OR mentee_id = NEW.id)
      AND status IN ('proposed', 'approved', 'published', 'accepted', 'active') ORDER BY id;
  UPDATE matches SET status = 'closed', closed_reason = 'left the directory',
      updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE (mentor_id = NEW.id OR mentee_id = NEW.id)
      AND status IN ('proposed', 'approved', 'published', 'accepted', 'active');
  UPDATE shortlist_requests SET status = 'withdrawn', reason = 'left the directory',
      responded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE (mentor_id = NEW.id OR mentee_id = NEW.id) AND status = 'pending';
END;
)SQL";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "initial schema", kInitialSchema, false},
      {2, "seed skills catalogue and module settings", kSeedSkills, false},
      {3, "directory sync: DNs, sync state and run lock", kDirectorySync, false},
      {4, "directory sync: per-person fingerprint", kSyncFingerprint, false},
      {5, "SCIM: external ids, group versions, bearer tokens", kScim, true},
      {6, "SCIM: nested groups change the group's version", kGroupSubgroupVersion, false},
      {7, "pairing: runs, matches, pins, blocks, shortlist requests", kPairing, false},
  };
  return kMigrations;
}

int latestSchemaVersion() { return migrations().back().version; }

}  // namespace tandem::storage
