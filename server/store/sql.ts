// The store's logic once, over a tiny SQL driver that SQLite and PostgreSQL both implement.
import type { Results } from '../../shared/api.js';
import { MIGRATIONS } from './migrations.js';
import { clusterStore } from './cluster.js';
import { HISTORY_RUNS, keptResults, withinHistory } from './kept-results.js';
import type { Driver } from './driver.js';
import { STATUS_RANK, type CheckRun, type LabRecord, type LabStartRecord, type LearnerRecord, type Store, type TaskProgress } from './types.js';

export type { Driver } from './driver.js';

const now = () => new Date().toISOString();

export async function migrate(db: Driver): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  await db.transaction(async (tx) => {
    const [row] = await tx.all<{ version: number }>('SELECT MAX(version) AS version FROM schema_version');
    const current = Number(row?.version ?? 0);
    for (let v = current; v < MIGRATIONS.length; v++) {
      await tx.exec(MIGRATIONS[v]!);
      await tx.run('INSERT INTO schema_version (version) VALUES (?)', [v + 1]);
    }
  });
}

let lastRunId = 0;
/** Time-ordered ids that do not collide across instances in practice (ms × 1000 + counter). */
const runId = () => (lastRunId = Math.max(Date.now() * 1000, lastRunId + 1));

export function sqlStore(db: Driver): Store {
  const learner = (r: { id: string; display_name: string | null; cohort: string | null; locale: string | null; created_at: string }): LearnerRecord => ({
    id: r.id,
    displayName: r.display_name ?? undefined,
    cohort: r.cohort ?? undefined,
    locale: r.locale ?? undefined,
    createdAt: r.created_at,
  });
  const ensure = async (tx: Driver, id: string) => {
    await tx.run('INSERT INTO learners (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [id, now()]);
  };

  return {
    kind: db.kind,
    ...clusterStore(db),
    async ensureLearner({ id, displayName, cohort }) {
      await db.run(
        `INSERT INTO learners (id, display_name, cohort, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET display_name = COALESCE(excluded.display_name, learners.display_name), cohort = COALESCE(excluded.cohort, learners.cohort)`,
        [id, displayName ?? null, cohort ?? null, now()],
      );
      const [row] = await db.all<Parameters<typeof learner>[0]>('SELECT * FROM learners WHERE id = ?', [id]);
      return learner(row!);
    },
    async getLearner(id) {
      const [row] = await db.all<Parameters<typeof learner>[0]>('SELECT * FROM learners WHERE id = ?', [id]);
      return row && learner(row);
    },
    async setDisplayName({ id, displayName }) {
      await db.transaction(async (tx) => {
        await ensure(tx, id);
        await tx.run('UPDATE learners SET display_name = ? WHERE id = ?', [displayName, id]);
      });
    },
    async setLocale({ id, locale }) {
      await db.transaction(async (tx) => {
        await ensure(tx, id);
        await tx.run('UPDATE learners SET locale = ? WHERE id = ?', [locale, id]);
      });
    },
    async recordChecks({ learner: who, exercise, task, lab, results }) {
      const at = now();
      await db.transaction(async (tx) => {
        await ensure(tx, who);
        await tx.run('INSERT INTO check_runs (id, learner, exercise, task, lab, status, results, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          runId(), who, exercise, task ?? null, lab ?? null, results.status, JSON.stringify(keptResults(results)), at,
        ]);
        await tx.run(
          'DELETE FROM check_runs WHERE learner = ? AND exercise = ? AND id NOT IN (SELECT id FROM check_runs WHERE learner = ? AND exercise = ? ORDER BY id DESC LIMIT ?)',
          [who, exercise, who, exercise, HISTORY_RUNS],
        );
        const perTask = new Map<string, Results['status']>();
        for (const t of results.tests) {
          const prev = perTask.get(t.task_id);
          // A task passes only when all its checks pass; its status is its worst check's.
          perTask.set(t.task_id, prev === undefined || STATUS_RANK[t.status] < STATUS_RANK[prev] ? t.status : prev);
        }
        for (const [taskId, status] of perTask) await foldProgress(tx, { learner: who, exercise, task: taskId, status, at });
      });
    },
    async recordAnswer({ learner: who, exercise, task, answer, correct }) {
      const at = now();
      await db.transaction(async (tx) => {
        await ensure(tx, who);
        await tx.run('INSERT INTO quiz_answers (learner, exercise, task, answer, correct, at) VALUES (?, ?, ?, ?, ?, ?)', [who, exercise, task, answer.slice(0, 500), correct ? 1 : 0, at]);
        await foldProgress(tx, { learner: who, exercise, task, status: correct ? 'pass' : 'fail', at });
      });
    },
    async progress({ learner: who, exercise }) {
      const rows = await db.all<{ exercise: string; task: string; status: TaskProgress['status']; attempts: number; passed_at: string | null; updated_at: string }>(
        `SELECT * FROM progress WHERE learner = ?${exercise ? ' AND exercise = ?' : ''} ORDER BY exercise, task`,
        exercise ? [who, exercise] : [who],
      );
      return rows.map((r) => ({ exercise: r.exercise, task: r.task, status: r.status, attempts: Number(r.attempts), passedAt: r.passed_at ?? undefined, updatedAt: r.updated_at }));
    },
    async history({ learner: who, exercise, limit = 50 }) {
      const rows = await db.all<{ id: number; learner: string; exercise: string; task: string | null; lab: string | null; status: CheckRun['status']; results: string; at: string }>(
        `SELECT * FROM check_runs WHERE learner = ?${exercise ? ' AND exercise = ?' : ''} ORDER BY id DESC LIMIT ?`,
        exercise ? [who, exercise, limit] : [who, limit],
      );
      return withinHistory(rows).map((r) => ({ id: Number(r.id), learner: r.learner, exercise: r.exercise, task: r.task ?? undefined, lab: r.lab ?? undefined, status: r.status, results: keptResults(JSON.parse(r.results)), at: r.at }));
    },
    async saveLab(lab) {
      await db.run(
        `INSERT INTO labs (id, learner, exercise, engine, state, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, engine = excluded.engine`,
        [lab.id, lab.learner, lab.exercise, lab.engine, lab.state, lab.createdAt],
      );
    },
    async deleteLab(id) {
      await db.run('DELETE FROM labs WHERE id = ?', [id]);
    },
    async labs(props = {}) {
      const rows = await db.all<{ id: string; learner: string; exercise: string; engine: string; state: string; created_at: string }>(
        `SELECT * FROM labs${props.learner ? ' WHERE learner = ?' : ''} ORDER BY created_at`,
        props.learner ? [props.learner] : [],
      );
      return rows.map((r): LabRecord => ({ id: r.id, learner: r.learner, exercise: r.exercise, engine: r.engine, state: r.state, createdAt: r.created_at }));
    },
    async recordLabStart({ exercise, engine, ms }) {
      await db.run('INSERT INTO lab_starts (id, exercise, engine, ms, at) VALUES (?, ?, ?, ?, ?)', [runId(), exercise, engine, Math.round(ms), now()]);
    },
    async labStarts({ engine, exercise, limit }) {
      const rows = await db.all<{ exercise: string; engine: string; ms: number; at: string }>(
        `SELECT exercise, engine, ms, at FROM lab_starts WHERE engine = ?${exercise ? ' AND exercise = ?' : ''} ORDER BY id DESC LIMIT ?`,
        exercise ? [engine, exercise, limit] : [engine, limit],
      );
      return rows.map((r): LabStartRecord => ({ exercise: r.exercise, engine: r.engine, ms: Number(r.ms), at: r.at }));
    },
    close: () => db.close(),
  };
}

const rank = (col: string) => `CASE ${col} WHEN 'pass' THEN 2 WHEN 'fail' THEN 1 ELSE 0 END`;

/** One atomic upsert, so concurrent writers (several PostgreSQL clients) never lose an attempt. */
async function foldProgress(tx: Driver, p: { learner: string; exercise: string; task: string; status: TaskProgress['status']; at: string }): Promise<void> {
  await tx.run(
    `INSERT INTO progress (learner, exercise, task, status, attempts, passed_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (learner, exercise, task) DO UPDATE SET
       status = CASE WHEN ${rank('excluded.status')} > ${rank('progress.status')} THEN excluded.status ELSE progress.status END,
       attempts = progress.attempts + 1,
       passed_at = COALESCE(progress.passed_at, excluded.passed_at),
       updated_at = excluded.updated_at`,
    [p.learner, p.exercise, p.task, p.status, p.status === 'pass' ? p.at : null, p.at],
  );
}
