// PostgreSQL (pg): for several server instances behind a load balancer sharing one state.
import pg from 'pg';
import { migrate, sqlStore, type Driver } from './sql.js';
import type { Store } from './types.js';

/** `?` placeholders → `$1, $2 ...` (our SQL has no `?` inside string literals). */
const numbered = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

/** The channel lab changes are told on (NOTIFY), to every server on the database. */
const CHANNEL = 'opslab_labs';

function clientDriver(client: pg.PoolClient | pg.Pool): Omit<Driver, 'transaction' | 'close' | 'listen'> {
  return {
    kind: 'postgres',
    nowMs: '(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint',
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), params);
    },
    exec: async (sql) => {
      await client.query(sql);
    },
    notify: async (id) => {
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, id]);
    },
  };
}

/**
 * One connection LISTENing for every listener of this store, opened on first use and opened again
 * (after a pause) when it drops: a change missed meanwhile is read at the next request anyway.
 */
function listener(url: string): (fn: (id: string) => void) => () => void {
  const fns = new Set<(id: string) => void>();
  let client: pg.Client | undefined;
  let closed = false;
  const connect = () => {
    if (closed || client) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    const again = () => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => {});
      if (!closed && fns.size) setTimeout(connect, 1000).unref();
    };
    c.on('notification', (m) => {
      if (m.channel === CHANNEL && m.payload) for (const fn of fns) fn(m.payload);
    });
    c.on('error', again);
    c.on('end', again);
    c.connect().then(() => c.query(`LISTEN ${CHANNEL}`)).catch(again);
  };
  const subscribe = (fn: (id: string) => void) => {
    fns.add(fn);
    connect();
    return () => {
      fns.delete(fn);
    };
  };
  subscribe.close = async () => {
    closed = true;
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
  return subscribe;
}

export async function openPostgresStore(props: { url: string }): Promise<Store> {
  const pool = new pg.Pool({ connectionString: props.url, max: 10 });
  // A server whose database went away answers errors until it is back, instead of crashing.
  pool.on('error', () => {});
  const listen = listener(props.url) as ReturnType<typeof listener> & { close: () => Promise<void> };
  const driver: Driver = {
    ...clientDriver(pool),
    listen,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Driver = { ...clientDriver(client), listen, transaction: () => Promise.reject(new Error('nested transaction')), close: async () => {} };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await listen.close();
      await pool.end();
    },
  };
  // Two instances starting at once must not both migrate.
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock(724001)');
    await migrate(driver);
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock(724001)').catch(() => {});
    lockClient.release();
  }
  return sqlStore(driver);
}
