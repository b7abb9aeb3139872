// The store: learners, progress, check history, quiz answers and lab ownership. One interface,
// SQLite by default (one file, WAL), PostgreSQL when several server instances share state.
import type { CheckStatus, Results, TaskProgress } from '../../shared/api.js';

export interface LearnerRecord {
  id: string;
  displayName?: string;
  cohort?: string;
  createdAt: string;
}

export type { TaskProgress } from '../../shared/api.js';

export interface CheckRun {
  id: number;
  learner: string;
  exercise: string;
  task?: string;
  lab?: string;
  status: CheckStatus;
  results: Results;
  at: string;
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

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  ensureLearner(props: { id: string; displayName?: string; cohort?: string }): Promise<LearnerRecord>;
  getLearner(id: string): Promise<LearnerRecord | undefined>;
  setDisplayName(props: { id: string; displayName: string }): Promise<void>;
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
