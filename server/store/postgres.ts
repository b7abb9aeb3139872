// PostgreSQL (pg): for several server instances behind a load balancer sharing one state.
import pg from 'pg';
import { migrate, sqlStore, type Driver } from './sql.js';
import type { Store } from './types.js';

/** `?` placeholders → `$1, $2 ...` (our SQL has no `?` inside string literals). */
const numbered = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

function clientDriver(client: pg.PoolClient | pg.Pool): Omit<Driver, 'transaction' | 'close'> {
  return {
    kind: 'postgres',
    all: async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), params);
    },
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

export async function openPostgresStore(props: { url: string }): Promise<Store> {
  const pool = new pg.Pool({ connectionString: props.url, max: 10 });
  const driver: Driver = {
    ...clientDriver(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Driver = { ...clientDriver(client), transaction: () => Promise.reject(new Error('nested transaction')), close: async () => {} };
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
    close: () => pool.end(),
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
