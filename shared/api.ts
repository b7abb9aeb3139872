// Long because: it is the whole HTTP API's vocabulary, one shape per route, in the one module both
// sides import; split by route it would be as long in all and harder to keep in step with the routes.
// Request and response shapes of the HTTP API: the one module both the server and the web app import
// (with relative paths: `../shared/api.js`). Types, and constants both sides need (LAB_STAGES):
// no Node or DOM APIs. Languages and their negotiation are in i18n.ts.
import type { Locale } from './i18n.js';

/** Every error answer of the API: a stable code from the server's catalog and a message that says the fix. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

export interface ExerciseSummary {
  id: string;
  title: string;
  summary: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  minutes: number;
  requires: string[];
  hasLab: boolean;
  /** How many tasks: with GET /api/progress, whether the exercise is done. */
  taskCount: number;
}

export interface ModuleView {
  id: string;
  title: string;
  summary?: string;
  prerequisites: string[];
  exercises: ExerciseSummary[];
}

export interface StageView {
  id: string;
  title: string;
  summary?: string;
  modules: ModuleView[];
}

export interface RoadmapView {
  /** The language asked for (?lang=, the saved choice, Accept-Language): fields without a translation are in English. */
  locale: Locale;
  id: string;
  title: string;
  summary?: string;
  stages: StageView[];
  courses: { id: string; title: string }[];
}

export interface LessonView {
  locale: Locale;
  id: string;
  title: string;
  markdown: string;
}

/** A choice of a quiz: answered by its id, whatever the language of its text. */
export interface QuizChoice {
  id: string;
  text: string;
}

export interface TaskView {
  id: string;
  title: string;
  text: string;
  hints: string[];
  checks: { name: string; host: string }[];
  quiz?: { question: string; choices?: QuizChoice[] };
  hasSolution: boolean;
}

export interface ExerciseView extends ExerciseSummary {
  locale: Locale;
  course: string;
  stage?: string;
  module?: string;
  lesson: string;
  lab?: {
    hosts: { name: string; networks: string[] }[];
    networks: string[];
  };
  tasks: TaskView[];
}

export interface QuizAnswerRequest {
  /** The learner's text, or for a quiz with choices the id of the choice. */
  answer: string;
}

export interface QuizAnswerResponse {
  correct: boolean;
  feedback?: string;
  explanation: string;
}

export interface SolutionView {
  steps: { host: string; script: string; text: string }[];
}

export type LabState = 'starting' | 'ready' | 'failed' | 'gone';

/** POST /api/labs */
export interface StartLabRequest {
  exercise: string;
}

/** POST /api/labs/:id/checks: one task's checks, or every task's without `task`. */
export interface CheckLabRequest {
  task?: string;
}

/**
 * What a lab is doing, in the order a start goes through them: waiting for its engine (the vm engine
 * may be booting), removing the old hosts (a reset), creating networks, starting hosts, preparing
 * them, running the exercise's setup steps, ready. A failed lab keeps the stage it failed in.
 */
export const LAB_STAGES = ['engine', 'clearing', 'networks', 'hosts', 'prepare', 'setup', 'ready'] as const;
export type LabStageId = (typeof LAB_STAGES)[number];

export interface LabStage {
  id: LabStageId;
  /** For people: "Running setup step 2 of 4: setup-rs.sh on rs1". */
  label: string;
}

/**
 * How long a starting lab should take, learned from recent successful starts (the median of the
 * last few), and how far it is. `basis` says what it rests on: this exercise's starts on this kind
 * of engine, any exercise's on it when this one has none yet, or nothing (no number is made up).
 */
export interface LabEstimate {
  basis: 'exercise' | 'engine' | 'none';
  /** How many recent starts the median is of (0 with basis 'none'). */
  samples: number;
  /** The median start, ms (absent with basis 'none'). */
  expectedMs?: number;
  /** How long this start has been going when the view was made, ms. */
  elapsedMs: number;
  /** What is left by the estimate, ms, never below 0 (absent with basis 'none'). */
  remainingMs?: number;
  /** The start has taken longer than the estimate. */
  overdue: boolean;
}

export interface LabView {
  id: string;
  exercise: string;
  state: LabState;
  /** What it is doing now (while starting), or the stage it reached (ready, or where it failed). */
  stage: LabStage;
  /** While starting: how long it should take (see LabEstimate). */
  estimate?: LabEstimate;
  engine: string;
  hosts: { name: string; addresses: Record<string, string>; running: boolean }[];
  /** Placeholder values for lessons: ip.director, vip, subnet.lan ... */
  values: Record<string, string>;
  /** Progress lines while starting, the failure while failed. */
  log: string[];
  error?: { code: string; message: string };
  createdAt: string;
  /**
   * A ready or failed lab left idle is stopped by the platform: when that happens if nobody uses it
   * from now on (its last activity plus the idle limit; POST /api/labs/:id/extend moves it), ISO time.
   */
  idleExpiresAt?: string;
  /** The same as a duration from when the view was made, ms (≥ 0): a page counts down from it, whatever its clock says. */
  idleLeftMs?: number;
}

/**
 * `details` of a CAPACITY error (503): which cap refused the lab (the whole platform, one engine,
 * the learner's own labs, or one network address), how many labs hold it, and about when to try
 * again, seconds (an estimate from when the idlest of those labs would be stopped; also sent as
 * the Retry-After header, as RATE_LIMITED's `retryAfter` is).
 */
export interface CapacityDetails {
  cap: 'platform' | 'engine' | 'learner' | 'address';
  running: number;
  retryAfter: number;
}

export type CheckStatus = 'pass' | 'fail' | 'error';

export interface CheckResult {
  name: string;
  task_id: string;
  host: string;
  status: CheckStatus;
  /** In the language of the request (English in the grader unless it is asked for another). */
  message: string;
  /** The catalog key of the message (`fail_t KEY`, or a platform key such as `check.timeout`): the same mistake has the same key in every language. */
  message_key?: string;
  message_args?: Record<string, string>;
  output: string;
  duration_ms: number;
}

/** Exercism-like results.json. */
export interface Results {
  version: 3;
  status: CheckStatus;
  message: string;
  tests: CheckResult[];
}

/** One row of GET /api/progress: a task's best status so far. */
export interface TaskProgress {
  exercise: string;
  task: string;
  /** The best status reached: pass beats fail beats error. */
  status: CheckStatus;
  attempts: number;
  passedAt?: string;
  updatedAt: string;
}

/**
 * One run of checks in the learner's history (GET /api/history): one task's (`task`) or every task's
 * (no `task`: Check all), newest first.
 */
export interface CheckRunView {
  id: number;
  exercise: string;
  task?: string;
  lab?: string;
  status: CheckStatus;
  results: Results;
  /** ISO time. */
  at: string;
}

/** GET and PUT /api/me: who the caller is. */
export interface MeView {
  id: string;
  role: 'learner' | 'author' | 'grader' | 'admin';
  displayName: string | null;
  /** The language of the app and the course for this caller: the saved choice, else negotiated from Accept-Language. */
  locale: Locale;
  /** Whether `locale` is a choice the learner made (kept per learner) rather than the browser's. */
  localeChosen: boolean;
}

/** PUT /api/me: one or both. */
export interface MeUpdateRequest {
  displayName?: string;
  locale?: Locale;
}

/** GET /api/glossary: the course's terms, English beside the requested language. */
export interface GlossaryView {
  locale: Locale;
  course: string;
  terms: GlossaryTermView[];
}

export interface GlossaryTermView {
  /** Anchor of the term on the glossary page (/glossary#director). */
  id: string;
  /** The term in every language the glossary has it in ({en: 'director', 'zh-CN': '调度器'}). */
  names: Partial<Record<Locale, string>>;
  /** Other names the term goes by (DS, 负载调度器). */
  aka: string[];
  /** Markdown, in the requested language (English where it has none). */
  definition: string;
}

/** A display name's length at most (PUT /api/me; the page's form says it first). */
export const DISPLAY_NAME_MAX = 60;
/**
 * Characters a display name may not hold: markup characters, control and format characters (C0,
 * DEL, C1; bidi overrides and isolates, zero-width characters, the BOM), lone surrogates, line and
 * paragraph separators. The route's schema and the page's form both read it (a `u` pattern).
 */
export const DISPLAY_NAME_REFUSED = '<>\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}';

/** POST /api/grader/live: the checks of every ready lab (of one cohort). */
export interface LiveGradesView {
  labs: { lab: string; learner: string; exercise: string; status: CheckStatus; message: string; results: Results }[];
}

// ---------- lab preview (POST /api/labs/:id/preview) ----------

/** POST /api/labs/:id/preview: fetch `url` with curl from inside the lab host `host`, as a lab client would. */
export interface PreviewRequest {
  /** One of the lab's hosts: the request leaves from it (its addresses, routes, /etc/hosts, DNS). */
  host: string;
  /** An http:// or https:// URL, printable ASCII, at most 2048 characters. */
  url: string;
  /** How long the fetch may take, 1 to 10 seconds (10 when not given). */
  timeoutSeconds?: number;
  /** Accept any TLS certificate, as `curl --insecure` does. */
  insecure?: boolean;
}

/** Why a preview got no (complete) answer, in curl's terms. */
export const PREVIEW_FAILURES = [
  'NO_CURL',
  'DNS',
  'REFUSED',
  'NO_ROUTE',
  'UNREACHABLE',
  'CONNECT',
  'TIMEOUT',
  'TLS',
  'EMPTY',
  'RESET',
  'NOT_HTTP',
  'HEADERS_TOO_LARGE',
  'UNREADABLE',
  'FAILED',
] as const;
export type PreviewFailure = (typeof PREVIEW_FAILURES)[number];

/**
 * What the lab host got back. Everything in it came from the lab (learner-controlled, hostile): it is
 * data to show as text, never markup to trust. Redirects are not followed: a 3xx comes with `location`.
 */
export interface PreviewResult {
  host: string;
  /** The URL as fetched (normalised). */
  url: string;
  /** The status line's parts, when an HTTP answer came (even a cut one). */
  httpVersion?: string;
  status?: number;
  reason?: string;
  /** Response headers in order, as sent (values as Latin-1 text). */
  headers: { name: string; value: string }[];
  contentType?: string;
  /** The Location header of a redirect, which the preview does not follow. */
  location?: string;
  /** The body: UTF-8 text when it is valid UTF-8, else base64 of its bytes. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** Bytes of body returned (after any cut). */
  bodyBytes: number;
  /** The answer was longer than what is returned (`limitBytes` of headers and body read in the lab, less where it compresses badly). */
  truncated: boolean;
  limitBytes: number;
  /** How long the fetch took in the lab host (curl's total time). */
  timeMs: number;
  /** Why there is no answer, or why it is incomplete, in plain words. */
  error?: { code: PreviewFailure; message: string };
}
