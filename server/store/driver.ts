// The tiny SQL driver SQLite (sqlite.ts) and PostgreSQL (postgres.ts) both implement; the store's
// logic (sql.ts, cluster.ts) is written once over it.
export interface Driver {
  kind: 'sqlite' | 'postgres';
  /**
   * The database's clock in ms since the epoch, as an SQL expression: heartbeats and leases are
   * timed by the one clock every server shares, never by each server's own.
   */
  nowMs: string;
  /** `?` placeholders; the driver rewrites them for its database. */
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  exec(sql: string): Promise<void>;
  /** Run fn in one transaction (serialized per store). */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  /** Tells every store on the database (other servers' too) that lab `id` changed. */
  notify(id: string): Promise<void>;
  /** Calls `listener` with the id of every lab any store on the database changed. */
  listen(listener: (id: string) => void): () => void;
  close(): Promise<void>;
}
