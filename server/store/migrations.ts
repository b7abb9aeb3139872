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
];
