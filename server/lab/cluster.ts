// This server among those sharing one store: it says it is alive (a heartbeat every few seconds),
// knows which others are (by the database's clock, never by comparing server clocks), holds the
// leases of the background work it does for all of them (one server at a time per kind of work),
// and hears of labs others change. The lab manager (manager.ts) asks it; it knows no labs.
import { ConfigError } from '../config.js';
import type { Log } from '../log.js';
import type { ClusterStore } from '../store/types.js';

/** A server not heard from for this long is gone (its starts are failed, its terminals taken over). */
export const SERVER_TIMEOUT_MS = 20_000;

export interface LabClusterOptions {
  store: ClusterStore;
  /** This server's name (OPSLAB_SERVER_ID). */
  server: string;
  /** Where the others reach it (OPSLAB_ADVERTISE_URL). */
  url: string;
  /** The kinds of background work done by one server at a time. */
  leases: readonly string[];
  /** How often it says it is alive and renews its leases (5 s). */
  heartbeatMs?: number;
  log?: Log;
}

export class LabCluster {
  readonly server: string;
  /** Others heard from at the last look: how long ago by the database's clock, and when we looked. */
  private others = new Map<string, { url: string; ageMs: number; lookedAt: number }>();
  private readonly held = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private unlisten?: () => void;
  private joined = false;

  constructor(private readonly props: LabClusterOptions) {
    this.server = props.server;
  }

  /** True when `server` was heard from lately (this one always is). */
  isAlive(server: string | undefined): boolean {
    if (!server) return false;
    if (server === this.server) return true;
    const seen = this.others.get(server);
    return seen !== undefined && seen.ageMs + (performance.now() - seen.lookedAt) < SERVER_TIMEOUT_MS;
  }

  /** Where another server is reached, while it is alive. */
  urlOf(server: string): string | undefined {
    return this.isAlive(server) ? this.others.get(server)?.url : undefined;
  }

  /** True while this server holds the lease of background work `name`. */
  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Reads who is alive now. */
  async refresh(): Promise<void> {
    const lookedAt = performance.now();
    const servers = await this.props.store.servers();
    this.others = new Map(servers.map((s) => [s.id, { url: s.url, ageMs: s.ageMs, lookedAt }]));
  }

  /**
   * Joins: the first heartbeat and leases now, the terminals of this server's earlier life
   * forgotten, then a heartbeat every few seconds (`afterBeat` runs after each) and every lab
   * change any server makes told to `onLabChange`.
   */
  async join(props: { onLabChange: (id: string) => void; afterBeat?: () => Promise<void> }): Promise<void> {
    if (this.joined) return;
    const replacing = await this.refuseNameInUse();
    const { store } = this.props;
    const startedAt = new Date().toISOString();
    // Taken in one statement: of two servers started at once under one name, both saw it free.
    if (!(await store.claimServer({ id: this.server, url: this.props.url, startedAt, replacing }))) {
      const now = (await store.servers()).find((s) => s.id === this.server);
      throw this.nameInUse(now?.url ?? 'an unknown address', now?.startedAt ?? 'just now');
    }
    this.joined = true;
    const beat = async () => {
      await store.heartbeat({ id: this.server, url: this.props.url, startedAt });
      await this.refresh();
      for (const name of this.props.leases) {
        if (await store.lease({ name, holder: this.server, ttlMs: SERVER_TIMEOUT_MS })) this.held.add(name);
        else this.held.delete(name);
      }
      await props.afterBeat?.();
    };
    await beat();
    await store.dropTerminals(this.server);
    const timer = setInterval(
      () =>
        void beat().catch((e: unknown) => {
          // Unheard, this server's leases lapse for the others: it stops the work they stand for now.
          this.held.clear();
          this.props.log?.(`heartbeat: ${(e as Error).message}`, { level: 'warn' });
        }),
      this.props.heartbeatMs ?? 5000,
    );
    timer.unref();
    this.timers.push(timer);
    this.unlisten = store.onLabChange(props.onLabChange);
  }

  /**
   * Throws when another live server beats under this server's name: two servers under one name
   * would both hold every lease, and each would take the other's terminals and heartbeat row. A
   * name heard from lately may be this server's own earlier life (a crash, a quick restart): it is
   * taken once that stays silent for two heartbeats; a live server beats within one. Returns the
   * startedAt of the silent row the claim replaces (join then takes the name in one statement).
   */
  private async refuseNameInUse(): Promise<string | undefined> {
    const { store } = this.props;
    const named = async () => (await store.servers()).find((s) => s.id === this.server);
    const before = await named();
    if (!before || before.ageMs >= SERVER_TIMEOUT_MS) return before?.startedAt;
    const beatMs = this.props.heartbeatMs ?? 5000;
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2 * beatMs));
    const after = await named();
    // Silent: by the database's clock the row aged by all the time waited (less a margin for the reads).
    if (!after || after.ageMs >= before.ageMs + (performance.now() - t0) - beatMs / 2) return after?.startedAt;
    throw this.nameInUse(after.url, after.startedAt);
  }

  private nameInUse(url: string, startedAt: string): ConfigError {
    return new ConfigError(
      `OPSLAB_SERVER_ID ${this.server} is in use by a server that is running (reached at ${url}, started ${startedAt}); give every server sharing the database a name of its own.`,
    );
  }

  /** Runs `fn` every `ms` while this server holds lease `name` (one round at a time). */
  every(name: string, ms: number, fn: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(async () => {
      if (running || !this.holds(name)) return;
      running = true;
      try {
        await fn();
      } catch (e) {
        this.props.log?.(`${name}: ${(e as Error).message}`, { level: 'warn' });
      } finally {
        running = false;
      }
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Leaves at once for the others: its leases free, its terminals theirs to take over. */
  async leave(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.unlisten?.();
    if (!this.joined) return;
    const { store } = this.props;
    for (const name of this.held) await store.releaseLease({ name, holder: this.server }).catch(() => {});
    this.held.clear();
    await store.forgetServer(this.server).catch(() => {});
    await store.dropTerminals(this.server).catch(() => {});
  }
}
