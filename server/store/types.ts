// The store: learners, progress, check history, quiz answers and lab ownership. One interface,
// SQLite by default (one file, WAL), PostgreSQL when several server instances share state.
import type { CheckRunView, CheckStatus, LabStage, Results, TaskProgress } from '../../shared/api.js';

export interface LearnerRecord {
  id: string;
  displayName?: string;
  cohort?: string;
  /** The language the learner chose (a BCP 47 tag of shared/i18n.ts), when they chose one. */
  locale?: string;
  createdAt: string;
}

export type { TaskProgress } from '../../shared/api.js';

/** A run of checks as the store keeps it: the history's record (shared/api.ts) and whose it is. */
export interface CheckRun extends CheckRunView {
  learner: string;
}

export interface LabRecord {
  id: string;
  learner: string;
  exercise: string;
  engine: string;
  state: string;
  createdAt: string;
}

/** One successful lab start (or reset): how long it took from the click to ready. */
export interface LabStartRecord {
  exercise: string;
  /** The engine's kind: local, remote, vm. */
  engine: string;
  ms: number;
  at: string;
}

/**
 * A lab as the store keeps it: the truth every server of a cluster reads (labs are not only in the
 * memory of the server that started them). `detail` is what a server needs to reach the lab's
 * hosts and show it; `version` grows with every write (compare-and-set).
 */
export interface LabRow {
  id: string;
  learner: string;
  exercise: string;
  /** The engine's kind (local, remote, vm): what start estimates are kept per. */
  engine: string;
  /** The engine's name in the pool: where the lab's containers are. */
  engineId: string;
  state: string;
  /** The server doing the lab's current start or reset (state starting), else the last one that did. */
  server?: string;
  /** Client address key that started it (per-address caps). */
  address?: string;
  /** Memory its hosts may take on the engine, MiB (placement by free memory). */
  memoryMiB: number;
  detail: LabDetail;
  createdAt: string;
  lastActive: string;
  version: number;
}

export interface LabDetail {
  hosts: { name: string; containerId: string; addresses: Record<string, string> }[];
  subnets: Record<string, string>;
  networkIds: string[];
  env: Record<string, string>;
  values: Record<string, string>;
  stage?: LabStage;
  startedAt?: string;
  error?: { code: string; message: string };
  warm?: boolean;
  /** The newest lines of the lab's log. */
  log?: string[];
}

/** Caps a new lab is admitted under (checked in one transaction, across every server). */
export interface AdmissionLimits {
  maxLabs: number;
  maxLabsPerLearner: number;
  maxLabsPerAddress: number;
  /** The engine's caps, when it has them. */
  engineLabs?: number;
  engineMemoryMiB?: number;
}

/** Why a lab was not admitted; the store says which cap, the caller words the error. */
export type AdmissionRefusal = 'starting' | 'learner' | 'address' | 'total' | 'engine-labs' | 'engine-memory';

/** Which cap refused a start, and how many labs hold it. */
export type Refusal = { refused: AdmissionRefusal; count: number };

export type Admission = { admitted: true; row: LabRow } | { admitted: false; existing: LabRow } | ({ admitted: false } & Refusal);

/** Live labs and the memory they take on one engine, across the cluster. */
export interface EngineLoad {
  labs: number;
  warm: number;
  memoryMiB: number;
}

export interface ServerRecord {
  id: string;
  url: string;
  startedAt: string;
  /** How long ago it was last heard from, by the database's clock. */
  ageMs: number;
}

/** What servers of one cluster share beside the learners' records: labs, heartbeats, leases, flags, counters. */
export interface ClusterStore {
  /**
   * Admits and inserts `row` (state starting) in one transaction under the caps, unless the learner
   * already has a live lab of the exercise (returned) or a cap is reached (said which). Warm labs
   * (`learner` POOL_LEARNER) count against the engine's caps only.
   */
  admitLab(props: {
    row: LabRow;
    limits: AdmissionLimits;
    poolLearner: string;
    /**
     * Places the lab inside the admission, under its lock, by the engines' loads at that moment
     * (so a burst of starts on several servers spreads instead of all reading the same loads):
     * returns the row on the chosen engine and that engine's caps. May throw (nowhere to go).
     */
    place?: (loads: Record<string, EngineLoad>) => { row: LabRow; limits: AdmissionLimits };
  }): Promise<Admission>;
  /**
   * Makes a warm lab `learner`'s if it is still warm and the caps allow: the row after, or why not
   * and how many labs hold the cap that refused (undefined: it is no longer warm).
   */
  claimWarmLab(props: { id: string; learner: string; address?: string; limits: AdmissionLimits; poolLearner: string }): Promise<LabRow | Refusal | undefined>;
  getLab(id: string): Promise<LabRow | undefined>;
  /** Labs of one learner, on one engine, or all, in creation order. */
  listLabs(filter?: { learner?: string; engineId?: string; states?: string[] }): Promise<LabRow[]>;
  /**
   * Writes the row if its version is still `row.version` (then returns the new version), else
   * undefined (changed or deleted meanwhile). With `force`, writes whatever the version, if the row exists.
   */
  updateLab(row: LabRow, opts?: { force?: boolean }): Promise<number | undefined>;
  touchLab(id: string, at: string): Promise<void>;
  /** Deletes the lab's row; false when it was already gone. */
  removeLab(id: string): Promise<boolean>;
  engineLoads(): Promise<Record<string, EngineLoad>>;
  /** Listener called with a lab's id whenever any server changes it (PostgreSQL NOTIFY; in-process for SQLite). */
  onLabChange(listener: (id: string) => void): () => void;

  heartbeat(props: { id: string; url: string; startedAt: string }): Promise<void>;
  /**
   * A server's first heartbeat, which takes its name: true when the name had no row, or still has
   * the row of the earlier life `replacing` (its startedAt) that the server saw fall silent. One
   * statement, so of two servers starting under one name only one wins.
   */
  claimServer(props: { id: string; url: string; startedAt: string; replacing?: string }): Promise<boolean>;
  servers(): Promise<ServerRecord[]>;
  forgetServer(id: string): Promise<void>;
  /** Takes or renews the lease `name` for `ttlMs`: true while `holder` has it. */
  lease(props: { name: string; holder: string; ttlMs: number }): Promise<boolean>;
  releaseLease(props: { name: string; holder: string }): Promise<void>;
  setDrained(props: { id: string; drained: boolean }): Promise<void>;
  drained(): Promise<Set<string>>;

  /** The server holding the terminal of (lab, host, learner): `server` when nobody (alive) did, or when `force`. */
  claimTerminal(props: { lab: string; host: string; learner: string; server: string; alive: (server: string) => boolean; force?: boolean }): Promise<string>;
  releaseTerminal(props: { lab: string; host: string; learner: string; server: string }): Promise<void>;
  /** Forget every terminal `server` held (it restarted: its shells are gone). */
  dropTerminals(server: string): Promise<void>;

  /** Counts one hit of `key` in its fixed window of `windowMs`: hits so far in it and ms until it ends. */
  hit(props: { key: string; windowMs: number }): Promise<{ hits: number; resetMs: number }>;
}

export interface Store extends ClusterStore {
  readonly kind: 'sqlite' | 'postgres';
  ensureLearner(props: { id: string; displayName?: string; cohort?: string }): Promise<LearnerRecord>;
  getLearner(id: string): Promise<LearnerRecord | undefined>;
  setDisplayName(props: { id: string; displayName: string }): Promise<void>;
  /** Keep the learner's choice of language (null: forget it, the browser's decides again). */
  setLocale(props: { id: string; locale: string | null }): Promise<void>;
  /** Record one run of checks (a whole exercise or one task) and fold it into progress per task. */
  recordChecks(props: { learner: string; exercise: string; task?: string; lab?: string; results: Results }): Promise<void>;
  recordAnswer(props: { learner: string; exercise: string; task: string; answer: string; correct: boolean }): Promise<void>;
  progress(props: { learner: string; exercise?: string }): Promise<TaskProgress[]>;
  history(props: { learner: string; exercise?: string; limit?: number }): Promise<CheckRun[]>;
  saveLab(lab: LabRecord): Promise<void>;
  deleteLab(id: string): Promise<void>;
  labs(props?: { learner?: string }): Promise<LabRecord[]>;
  /** Remember how long a successful start of `exercise` on an engine of kind `engine` took. */
  recordLabStart(props: { exercise: string; engine: string; ms: number }): Promise<void>;
  /** The most recent starts on engines of kind `engine` (of one exercise, or any), newest first. */
  labStarts(props: { engine: string; exercise?: string; limit: number }): Promise<LabStartRecord[]>;
  close(): Promise<void>;
}

export const STATUS_RANK: Record<CheckStatus, number> = { error: 0, fail: 1, pass: 2 };
