// How the reading side of the exercise page (a lesson's or task's code block, a shortcut) reaches the
// lab's terminals without knowing how they are mounted: the terminals (TerminalTabs) listen, a code
// block's "run" button sends. A plain module-level channel: one exercise page is shown at a time.

export interface TerminalRequest {
  /** What to type. Newlines end lines; with `run` false the last line is typed but not entered. */
  text: string;
  /** The lab host whose terminal takes it; absent: the terminal the learner is using. */
  host?: string;
  /** Press Enter after the text (run it), or only type it (copy into the prompt). */
  run: boolean;
}

/** What came of a request: typed into `host`'s terminal, or why not. */
export type TerminalAnswer = { ok: true; host: string } | { ok: false; reason: 'no-terminal' | 'no-such-host' | 'not-connected'; host?: string };

/**
 * Whether a terminal in connection state `state` (TerminalClient's) takes a request's text whole.
 * Only an open one does: a reconnecting terminal keeps a few KiB of input and an ended one none, so a
 * longer command or script would run in part, or not at all, while the button said it was sent.
 */
export function takesText(state: string | undefined): boolean {
  return state === 'open';
}

type Listener = (r: TerminalRequest) => TerminalAnswer;

let listener: Listener | undefined;

/** The terminals take requests (one listener: the mounted lab). Returns the unsubscribe. */
export function listenForTerminalRequests(fn: Listener): () => void {
  listener = fn;
  notifyWatchers();
  return () => {
    if (listener === fn) listener = undefined;
    notifyWatchers();
  };
}

/** Sends text to a lab terminal; `no-terminal` while no lab's terminals are mounted. */
export function sendToTerminal(r: TerminalRequest): TerminalAnswer {
  return listener ? listener(r) : { ok: false, reason: 'no-terminal' };
}

/** Whether a lab's terminals are mounted (a "run" button is offered only then). */
export function terminalsListening(): boolean {
  return listener !== undefined;
}

// Who wants to know when terminals start or stop listening (a code block's Run button turns on and
// off with them). The shape of useSyncExternalStore's subscribe.
const watchers = new Set<() => void>();

function notifyWatchers(): void {
  for (const w of [...watchers]) w();
}

/** Calls `fn` whenever terminals start or stop listening; returns the unsubscribe. */
export function watchTerminals(fn: () => void): () => void {
  watchers.add(fn);
  return () => {
    watchers.delete(fn);
  };
}
