// The PostgreSQL that `opslab setup --test` starts (scripts/test-postgres.sh). A test that needs it
// fails loudly when it is not there: it never skips.
import pg from 'pg';

export const PG_URL = process.env.OPSLAB_TEST_PG ?? 'postgres://postgres@127.0.0.1:54329/opslab_test';

/** A new, empty schema of the test database: the URL of a store that sees only it. */
export async function freshPostgres(): Promise<string> {
  const schema = `t_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`The test PostgreSQL at ${PG_URL} does not answer (${String(e)}); start it with \`bash scripts/test-postgres.sh\` or \`opslab setup --test\`.`, { cause: e });
  }
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
