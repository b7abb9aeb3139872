// What the servers of one cluster share besides learners' records, over the same SQL driver: labs
// (the truth every server reads), heartbeats, leases for background work, engine drain flags, who
// holds each terminal, and rate-limit counters. Caps are checked in the transaction that inserts a
// lab, under one advisory lock on PostgreSQL (SQLite's BEGIN IMMEDIATE already serializes), so two
// servers cannot both give away the last place.
import type { Driver } from './driver.js';
import type { Admission, AdmissionLimits, ClusterStore, EngineLoad, LabDetail, LabRow, Refusal, ServerRecord } from './types.js';

/** The advisory lock every admission takes (PostgreSQL); migrations take 724001. */
const ADMISSION_LOCK = 724002;
const LIVE = `('starting', 'ready')`;

interface LabRowSql {
  id: string;
  learner: string;
  exercise: string;
  engine: string;
  engine_id: string | null;
  state: string;
  server: string | null;
  address: string | null;
  memory_mib: number | string;
  detail: string | null;
  created_at: string;
  last_active: string | null;
  version: number | string;
}

const EMPTY_DETAIL: LabDetail = { hosts: [], subnets: {}, networkIds: [], env: {}, values: {} };

function fromSql(r: LabRowSql): LabRow {
  return {
    id: r.id,
    learner: r.learner,
    exercise: r.exercise,
    engine: r.engine,
    engineId: r.engine_id ?? r.engine,
    state: r.state,
    server: r.server ?? undefined,
    address: r.address ?? undefined,
    memoryMiB: Number(r.memory_mib),
    detail: r.detail ? (JSON.parse(r.detail) as LabDetail) : EMPTY_DETAIL,
    createdAt: r.created_at,
    lastActive: r.last_active ?? r.created_at,
    version: Number(r.version),
  };
}

/** Live labs per engine (warm ones among them) and the memory they take. */
async function loadsOf(db: Driver): Promise<Record<string, EngineLoad>> {
  const rows = await db.all<{ engine_id: string | null; engine: string; warm: number | string; n: number | string; mem: number | string | null }>(
    `SELECT engine_id, engine, SUM(CASE WHEN learner LIKE '~%' THEN 1 ELSE 0 END) AS warm, COUNT(*) AS n, SUM(memory_mib) AS mem FROM labs WHERE state IN ${LIVE} GROUP BY engine_id, engine`,
  );
  const out: Record<string, EngineLoad> = {};
  for (const r of rows) out[r.engine_id ?? r.engine] = { labs: Number(r.n), warm: Number(r.warm), memoryMiB: Number(r.mem ?? 0) };
  return out;
}

const count = async (tx: Driver, where: string, params: unknown[]): Promise<number> => {
  const [row] = await tx.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM labs WHERE ${where}`, params);
  return Number(row?.n ?? 0);
};

export function clusterStore(db: Driver): ClusterStore {
  let hitsSincePrune = 0;
  /** A server's row, written by the database's clock (heartbeat; claimServer adds a condition). */
  const upsertServer = `INSERT INTO servers (id, url, started_at, seen_ms) VALUES (?, ?, ?, ${db.nowMs}) ON CONFLICT (id) DO UPDATE SET url = excluded.url, started_at = excluded.started_at, seen_ms = excluded.seen_ms`;
  /** The caps a lab of `learner` from `address` on `engineId` would break, if any (inside the admission transaction). */
  const refusal = async (tx: Driver, p: { learner: string; address?: string; engineId: string; memoryMiB: number; limits: AdmissionLimits; poolLearner: string }): Promise<Refusal | undefined> => {
    const { limits } = p;
    if (p.learner !== p.poolLearner) {
      const mine = await count(tx, `learner = ? AND state IN ${LIVE}`, [p.learner]);
      if (mine >= limits.maxLabsPerLearner) return { refused: 'learner', count: mine };
      if (p.address !== undefined) {
        const theirs = await count(tx, `address = ? AND learner <> ? AND state <> 'failed'`, [p.address, p.poolLearner]);
        if (theirs >= limits.maxLabsPerAddress) return { refused: 'address', count: theirs };
      }
      const all = await count(tx, `learner <> ? AND state <> 'failed'`, [p.poolLearner]);
      if (all >= limits.maxLabs) return { refused: 'total', count: all };
    }
    if (limits.engineLabs !== undefined || limits.engineMemoryMiB !== undefined) {
      const [load] = await tx.all<{ n: number | string; mem: number | string | null }>(`SELECT COUNT(*) AS n, SUM(memory_mib) AS mem FROM labs WHERE engine_id = ? AND state IN ${LIVE}`, [p.engineId]);
      const n = Number(load?.n ?? 0);
      if (limits.engineLabs !== undefined && n >= limits.engineLabs) return { refused: 'engine-labs', count: n };
      const mem = Number(load?.mem ?? 0);
      if (limits.engineMemoryMiB !== undefined && mem + p.memoryMiB > limits.engineMemoryMiB) return { refused: 'engine-memory', count: n };
    }
    return undefined;
  };
  const lock = async (tx: Driver) => {
    if (tx.kind === 'postgres') await tx.all(`SELECT pg_advisory_xact_lock(${ADMISSION_LOCK})`);
  };
  const insert = (tx: Driver, row: LabRow) =>
    tx.run(
      `INSERT INTO labs (id, learner, exercise, engine, engine_id, state, server, address, memory_mib, detail, created_at, last_active, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.learner, row.exercise, row.engine, row.engineId, row.state, row.server ?? null, row.address ?? null, row.memoryMiB, JSON.stringify(row.detail), row.createdAt, row.lastActive, row.version],
    );

  return {
    async admitLab({ row: asked, limits: askedLimits, poolLearner, place }): Promise<Admission> {
      let row = asked;
      const result = await db.transaction(async (tx): Promise<Admission> => {
        await lock(tx);
        if (row.learner !== poolLearner) {
          const live = await tx.all<LabRowSql>(`SELECT * FROM labs WHERE learner = ? AND state IN ${LIVE} ORDER BY created_at`, [row.learner]);
          const same = live.find((l) => l.exercise === row.exercise);
          if (same) return { admitted: false, existing: fromSql(same) };
          if (live.some((l) => l.state === 'starting')) return { admitted: false, refused: 'starting', count: live.length };
        }
        let limits = askedLimits;
        if (place) ({ row, limits } = place(await loadsOf(tx)));
        const no = await refusal(tx, { learner: row.learner, address: row.address, engineId: row.engineId, memoryMiB: row.memoryMiB, limits, poolLearner });
        if (no) return { admitted: false, ...no };
        await insert(tx, row);
        return { admitted: true, row };
      });
      if (result.admitted) await db.notify(row.id).catch(() => {});
      return result;
    },
    async claimWarmLab({ id, learner, address, limits, poolLearner }) {
      const result = await db.transaction(async (tx): Promise<LabRow | Refusal | undefined> => {
        await lock(tx);
        const [r] = await tx.all<LabRowSql>('SELECT * FROM labs WHERE id = ? AND learner = ?', [id, poolLearner]);
        if (!r) return undefined;
        // As for a new lab: one live lab per exercise, one start at a time (a double click takes one warm lab).
        const live = await tx.all<LabRowSql>(`SELECT * FROM labs WHERE learner = ? AND state IN ${LIVE}`, [learner]);
        if (live.some((l) => l.exercise === r.exercise || l.state === 'starting')) return { refused: 'starting', count: live.length };
        const no = await refusal(tx, { learner, address, engineId: r.engine_id ?? r.engine, memoryMiB: 0, limits: { ...limits, engineLabs: undefined, engineMemoryMiB: undefined }, poolLearner });
        if (no) return no;
        const now = new Date().toISOString();
        await tx.run('UPDATE labs SET learner = ?, address = ?, created_at = ?, last_active = ?, version = version + 1 WHERE id = ?', [learner, address ?? null, now, now, id]);
        const [after] = await tx.all<LabRowSql>('SELECT * FROM labs WHERE id = ?', [id]);
        return after && fromSql(after);
      });
      if (result && !('refused' in result)) await db.notify(id).catch(() => {});
      return result;
    },
    async getLab(id) {
      const [r] = await db.all<LabRowSql>('SELECT * FROM labs WHERE id = ?', [id]);
      return r && fromSql(r);
    },
    async listLabs(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.learner !== undefined) {
        where.push('learner = ?');
        params.push(filter.learner);
      }
      if (filter.engineId !== undefined) {
        where.push('engine_id = ?');
        params.push(filter.engineId);
      }
      if (filter.states?.length) {
        where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
        params.push(...filter.states);
      }
      const rows = await db.all<LabRowSql>(`SELECT * FROM labs${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, params);
      return rows.map(fromSql);
    },
    async updateLab(row, opts = {}) {
      // One statement: the version compared and bumped atomically (two servers cannot both win), and
      // the last activity never moved back by a writer that did not see a later touch.
      const rows = await db.all<{ version: number | string }>(
        `UPDATE labs SET learner = ?, engine = ?, engine_id = ?, state = ?, server = ?, address = ?, memory_mib = ?, detail = ?,
           last_active = CASE WHEN last_active IS NOT NULL AND last_active > ? THEN last_active ELSE ? END, version = version + 1
         WHERE id = ?${opts.force ? '' : ' AND version = ?'} RETURNING version`,
        [row.learner, row.engine, row.engineId, row.state, row.server ?? null, row.address ?? null, row.memoryMiB, JSON.stringify(row.detail), row.lastActive, row.lastActive, row.id, ...(opts.force ? [] : [row.version])],
      );
      const version = rows[0] === undefined ? undefined : Number(rows[0].version);
      if (version !== undefined) await db.notify(row.id).catch(() => {});
      return version;
    },
    async touchLab(id, at) {
      await db.run('UPDATE labs SET last_active = ? WHERE id = ? AND (last_active IS NULL OR last_active < ?)', [at, id, at]);
    },
    async removeLab(id) {
      const gone = await db.all<{ id: string }>('DELETE FROM labs WHERE id = ? RETURNING id', [id]);
      await db.run('DELETE FROM terminals WHERE lab = ?', [id]);
      if (gone.length) await db.notify(id).catch(() => {});
      return gone.length > 0;
    },
    engineLoads: () => loadsOf(db),
    onLabChange: (listener) => db.listen(listener),

    async heartbeat({ id, url, startedAt }) {
      await db.run(upsertServer, [id, url, startedAt]);
    },
    async claimServer({ id, url, startedAt, replacing }) {
      // The heartbeat's write, taken only over the row the claim saw (none, or a silent one).
      const rows = await db.all<{ started_at: string }>(`${upsertServer} WHERE servers.started_at = ? RETURNING started_at`, [id, url, startedAt, replacing ?? null]);
      return rows[0]?.started_at === startedAt;
    },
    async servers() {
      const rows = await db.all<{ id: string; url: string; started_at: string; age_ms: number | string }>(`SELECT id, url, started_at, ${db.nowMs} - seen_ms AS age_ms FROM servers ORDER BY id`);
      return rows.map((r): ServerRecord => ({ id: r.id, url: r.url, startedAt: r.started_at, ageMs: Number(r.age_ms) }));
    },
    async forgetServer(id) {
      await db.run('DELETE FROM servers WHERE id = ?', [id]);
    },
    async lease({ name, holder, ttlMs }) {
      // Taken when free, expired, or already ours; one statement, so two servers cannot both win.
      const rows = await db.all<{ holder: string }>(
        `INSERT INTO leases (name, holder, until_ms) VALUES (?, ?, ${db.nowMs} + ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
         WHERE leases.holder = excluded.holder OR leases.until_ms < ${db.nowMs}
         RETURNING holder`,
        [name, holder, ttlMs],
      );
      return rows[0]?.holder === holder;
    },
    async releaseLease({ name, holder }) {
      await db.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
    },
    async setDrained({ id, drained }) {
      await db.run('INSERT INTO engine_flags (id, drained, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET drained = excluded.drained, updated_at = excluded.updated_at', [id, drained ? 1 : 0, new Date().toISOString()]);
    },
    async drained() {
      const rows = await db.all<{ id: string }>('SELECT id FROM engine_flags WHERE drained = 1');
      return new Set(rows.map((r) => r.id));
    },

    async claimTerminal({ lab, host, learner, server, alive, force }) {
      const key = [lab, host, learner];
      // Nobody holds it: the first insert wins, the others read the winner.
      await db.run('INSERT INTO terminals (lab, host, learner, server) VALUES (?, ?, ?, ?) ON CONFLICT (lab, host, learner) DO NOTHING', [...key, server]);
      // Each round lost a race to another server's claim or release; a few settle it.
      for (let round = 0; ; round++) {
        const [r] = await db.all<{ server: string }>('SELECT server FROM terminals WHERE lab = ? AND host = ? AND learner = ?', key);
        if (!r && round >= 5) return server;
        if (!r) {
          await db.run('INSERT INTO terminals (lab, host, learner, server) VALUES (?, ?, ?, ?) ON CONFLICT (lab, host, learner) DO NOTHING', [...key, server]);
          continue;
        }
        if (r.server === server || (!force && alive(r.server)) || round >= 5) return r.server;
        // Taken over from a holder that is gone (or does not answer): only if it is still that one.
        const took = await db.all<{ server: string }>('UPDATE terminals SET server = ? WHERE lab = ? AND host = ? AND learner = ? AND server = ? RETURNING server', [server, ...key, r.server]);
        if (took.length) return server;
      }
    },
    async releaseTerminal({ lab, host, learner, server }) {
      await db.run('DELETE FROM terminals WHERE lab = ? AND host = ? AND learner = ? AND server = ?', [lab, host, learner, server]);
    },
    async dropTerminals(server) {
      await db.run('DELETE FROM terminals WHERE server = ?', [server]);
    },

    async hit({ key, windowMs }) {
      const now = Date.now();
      const start = now - (now % windowMs);
      // One upsert: a new window starts the count again.
      const [r] = await db.all<{ hits: number | string; window_start: number | string }>(
        `INSERT INTO rate_hits (key, window_start, hits) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN excluded.window_start > rate_hits.window_start THEN 1 ELSE rate_hits.hits + 1 END,
           window_start = CASE WHEN excluded.window_start > rate_hits.window_start THEN excluded.window_start ELSE rate_hits.window_start END
         RETURNING hits, window_start`,
        [key, start],
      );
      // Counters of windows long over are dropped now and then (keys are learners and addresses).
      if (++hitsSincePrune >= 1000) {
        hitsSincePrune = 0;
        await db.run('DELETE FROM rate_hits WHERE window_start < ?', [now - 24 * 3600_000]);
      }
      return { hits: Number(r?.hits ?? 1), resetMs: Number(r?.window_start ?? start) + windowMs - now };
    },
  };
}
