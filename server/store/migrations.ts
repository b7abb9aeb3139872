// Schema migrations, in order, written in SQL that SQLite and PostgreSQL both accept.
// Times are ISO-8601 text; ids are text. Never edit a migration that has shipped: add one.
export const MIGRATIONS: string[] = [
  `CREATE TABLE learners (
     id TEXT PRIMARY KEY,
     display_name TEXT,
     cohort TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE progress (
     learner TEXT NOT NULL REFERENCES learners(id),
     exercise TEXT NOT NULL,
     task TEXT NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     passed_at TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (learner, exercise, task)
   );
   CREATE TABLE check_runs (
     id BIGINT PRIMARY KEY,
     learner TEXT NOT NULL REFERENCES learners(id),
     exercise TEXT NOT NULL,
     task TEXT,
     lab TEXT,
     status TEXT NOT NULL,
     results TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX check_runs_learner ON check_runs (learner, exercise, at);
   CREATE TABLE quiz_answers (
     learner TEXT NOT NULL REFERENCES learners(id),
     exercise TEXT NOT NULL,
     task TEXT NOT NULL,
     answer TEXT NOT NULL,
     correct INTEGER NOT NULL,
     at TEXT NOT NULL
   );
   CREATE TABLE labs (
     id TEXT PRIMARY KEY,
     learner TEXT NOT NULL,
     exercise TEXT NOT NULL,
     engine TEXT NOT NULL,
     state TEXT NOT NULL,
     created_at TEXT NOT NULL
   );`,
  // How long successful lab starts took, per exercise and kind of engine: what start estimates are learned from.
  `CREATE TABLE lab_starts (
     id BIGINT PRIMARY KEY,
     exercise TEXT NOT NULL,
     engine TEXT NOT NULL,
     ms INTEGER NOT NULL,
     at TEXT NOT NULL
   );
   CREATE INDEX lab_starts_exercise ON lab_starts (engine, exercise, id);
   CREATE INDEX lab_starts_engine ON lab_starts (engine, id);`,
  // Scale-out: the store is the source of truth for labs (every server reads and writes them here),
  // and what servers of one cluster coordinate through: heartbeats, leases for background work,
  // engine drain flags, who holds each terminal, and rate-limit counters.
  `ALTER TABLE labs ADD COLUMN engine_id TEXT;
   ALTER TABLE labs ADD COLUMN server TEXT;
   ALTER TABLE labs ADD COLUMN address TEXT;
   ALTER TABLE labs ADD COLUMN memory_mib INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE labs ADD COLUMN detail TEXT;
   ALTER TABLE labs ADD COLUMN last_active TEXT;
   ALTER TABLE labs ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX labs_learner ON labs (learner, state);
   CREATE INDEX labs_engine ON labs (engine_id, state);
   CREATE TABLE servers (
     id TEXT PRIMARY KEY,
     url TEXT NOT NULL,
     started_at TEXT NOT NULL,
     seen_ms BIGINT NOT NULL
   );
   CREATE TABLE engine_flags (
     id TEXT PRIMARY KEY,
     drained INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     until_ms BIGINT NOT NULL
   );
   CREATE TABLE terminals (
     lab TEXT NOT NULL,
     host TEXT NOT NULL,
     learner TEXT NOT NULL,
     server TEXT NOT NULL,
     PRIMARY KEY (lab, host, learner)
   );
   CREATE TABLE rate_hits (
     key TEXT PRIMARY KEY,
     window_start BIGINT NOT NULL,
     hits INTEGER NOT NULL
   );`,
  // The language a learner chose (PUT /api/me), so a new browser of theirs opens in it; NULL: none
  // chosen (the browser's Accept-Language decides).
  `ALTER TABLE learners ADD COLUMN locale TEXT;`,
];
