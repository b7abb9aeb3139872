// The HTTP API client: one typed function per route. Errors come back as ApiError with the
// server's stable code and its user-facing message ({error, message}).
import type {
  ApiErrorBody,
  CheckLabRequest,
  CheckRunView,
  CheckStatus,
  ExerciseView,
  GlossaryView,
  LabView,
  LessonView,
  MeUpdateRequest,
  MeView,
  PreviewRequest,
  PreviewResult,
  QuizAnswerRequest,
  QuizAnswerResponse,
  Results,
  RoadmapView,
  SolutionView,
  StartLabRequest,
  TaskProgress,
} from '../../shared/api.js';
import type { Locale } from '../../shared/i18n.js';
import type { CapturePreset, CaptureRequest, FaultRecord, FaultRequest, LiveView } from '../../shared/lab-view.js';
import { currentLocale, t } from './lib/i18n.js';

// The shapes come from the one module the server imports too; ApiError below is this client's error class.
export type * from '../../shared/api.js';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** The error body's `details` (CAPACITY's: shared/api.ts CapacityDetails), when it had any. */
  readonly details?: unknown;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = options?.details;
  }
}

/** The message to show a learner for anything thrown by an API call. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** How one call differs from the default (same-origin cookie, JSON): a way to cancel, other credentials. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra headers (the admin's bearer token). */
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: options.credentials ?? 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (cause) {
    // A cancelled call is the caller's own doing: its AbortError goes back as it is.
    if (options.signal?.aborted) throw cause;
    throw new ApiError('NETWORK', t('api.network'), 0, { cause });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    // The server's error body (shared/api.ts); anything else (a proxy's HTML page) gets a generic one.
    const err = data as Partial<Record<keyof ApiErrorBody, unknown>> | undefined;
    const code = typeof err?.error === 'string' ? err.error : `HTTP_${res.status}`;
    const message = typeof err?.message === 'string' ? err.message : t('api.http', { status: res.status, text: res.statusText });
    throw new ApiError(code, message, res.status, { details: err?.details });
  }
  return data as T;
}

const enc = encodeURIComponent;

/**
 * `path` asking for the app's current language (`?lang=`): course text, check messages and quiz
 * feedback come back in it. Said on each call rather than left to the cookie, so a page refetched
 * the moment the learner switches gets the new language even before PUT /api/me has answered.
 */
export function inLocale(path: string, locale = currentLocale()): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${enc(locale)}`;
}

export const getRoadmap = () => request<RoadmapView>('GET', inLocale('/api/roadmap'));
export const getModule = (id: string) => request<LessonView>('GET', inLocale(`/api/modules/${enc(id)}`));
export const getExercise = (id: string) => request<ExerciseView>('GET', inLocale(`/api/exercises/${enc(id)}`));
/** The course's glossary, English beside the current language. */
export const getGlossary = () => request<GlossaryView>('GET', inLocale('/api/glossary'));
/** A quiz answer: a choice's id for a choice quiz, else the learner's words (any language). */
export const answerQuiz = (exercise: string, task: string, answer: string) =>
  request<QuizAnswerResponse>('POST', inLocale(`/api/exercises/${enc(exercise)}/tasks/${enc(task)}/answer`), { answer } satisfies QuizAnswerRequest);
export const getSolution = (exercise: string, task: string) =>
  request<SolutionView>('GET', `/api/exercises/${enc(exercise)}/tasks/${enc(task)}/solution`);

export const listLabs = () => request<LabView[]>('GET', '/api/labs');
export const startLab = (exercise: string) => request<LabView>('POST', '/api/labs', { exercise } satisfies StartLabRequest);
export const getLab = (id: string) => request<LabView>('GET', `/api/labs/${enc(id)}`);
export const runChecks = (lab: string, task?: string) =>
  request<Results>('POST', inLocale(`/api/labs/${enc(lab)}/checks`), (task ? { task } : {}) satisfies CheckLabRequest);
export const resetLab = (id: string) => request<LabView>('POST', `/api/labs/${enc(id)}/reset`);
export const extendLab = (id: string) => request<LabView>('POST', `/api/labs/${enc(id)}/extend`);
export const stopLab = (id: string) => request<void>('DELETE', `/api/labs/${enc(id)}`);

// A lab's live view, faults and captures (shared/lab-view.ts). The streams are server-sent events:
// the browser's EventSource opens them (same origin, the session cookie), so they are URLs here.
export const getLabView = (lab: string) => request<LiveView>('GET', `/api/labs/${enc(lab)}/view`);
export const labViewEventsUrl = (lab: string) => `/api/labs/${enc(lab)}/view/events`;
export const applyFault = (lab: string, fault: FaultRequest) => request<{ faults: FaultRecord[] }>('POST', `/api/labs/${enc(lab)}/faults`, fault);
export const getCapturePresets = (lab: string) => request<CapturePreset[]>('GET', `/api/labs/${enc(lab)}/capture/presets`);
export const capturePcapUrl = (lab: string) => `/api/labs/${enc(lab)}/capture.pcap`;

/** The capture stream of one request: a network (all frames on it) or a host's interface. */
export function captureUrl(lab: string, req: CaptureRequest): string {
  const q = new URLSearchParams();
  if (req.network) q.set('network', req.network);
  if (req.host) q.set('host', req.host);
  if (req.iface) q.set('iface', req.iface);
  q.set('preset', req.preset);
  if (req.count) q.set('count', String(req.count));
  return `/api/labs/${enc(lab)}/capture?${q}`;
}

/** Fetch `req.url` from inside the lab host `req.host`: what a client in the lab would get. */
export const previewLab = (lab: string, req: PreviewRequest, signal?: AbortSignal) =>
  request<PreviewResult>('POST', `/api/labs/${enc(lab)}/preview`, req, { signal });

/** Progress folded per exercise: each task's best status. */
export interface ProgressView {
  exercises: Record<string, { tasks: Record<string, CheckStatus>; passed: number }>;
}

/**
 * The learner's progress, when the server offers it (GET /api/progress → TaskProgress[]).
 * Resolves to null when the route is missing (404) or answers something unexpected: pages never fail on it.
 */
export async function getProgress(): Promise<ProgressView | null> {
  try {
    const rows = await request<unknown>('GET', '/api/progress');
    if (!Array.isArray(rows)) return null;
    const view: ProgressView = { exercises: {} };
    for (const r of rows as Partial<TaskProgress>[]) {
      if (typeof r.exercise !== 'string' || typeof r.task !== 'string' || !r.status) continue;
      view.exercises[r.exercise] ??= { tasks: {}, passed: 0 };
      const ex = view.exercises[r.exercise];
      ex.tasks[r.task] = r.status;
      if (r.status === 'pass') ex.passed++;
    }
    return view;
  } catch {
    return null;
  }
}

/** The caller (GET /api/me) and a new display name (PUT /api/me; 1 to 60 characters, no < >). */
export const getMe = () => request<MeView>('GET', '/api/me');
export const setDisplayName = (displayName: string) => request<MeView>('PUT', '/api/me', { displayName } satisfies MeUpdateRequest);
/** The learner's language, kept by the server (per learner, and in a cookie). */
export const setMyLocale = (locale: Locale) => request<MeView>('PUT', '/api/me', { locale } satisfies MeUpdateRequest);


/** The learner's last check runs (at most 50), of one exercise when given. */
export const getHistory = (exercise?: string) => request<CheckRunView[]>('GET', inLocale(`/api/history${exercise ? `?exercise=${enc(exercise)}` : ''}`));

/** The websocket URL of one lab host's terminal (same origin; ws: or wss: to match the page). */
export function terminalUrl(lab: string, host: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/labs/${enc(lab)}/hosts/${enc(host)}/terminal`;
}
