// How the learner arranged the exercise page, remembered in localStorage: where the lesson/lab split
// sits, one terminal or two side by side (and which two), the lab maximised, xterm's screen-reader
// mode. A stored value is read field by field: a field that is missing or not what it should be
// (an older version, a hand edit, a corrupt write) falls back to its default, never breaks the page.
import { readStored, writeStored } from './storage.js';

export interface LabLayout {
  /** The lesson's share of the page width, percent (the lab has the rest). */
  lessonPct: number;
  /** Two terminals (or a terminal and the View) side by side instead of one at a time. */
  sideBySide: boolean;
  /** Which two, left and right (tab keys: host names or the View's); checked against the lab's hosts when used. */
  pair: [string, string] | null;
  /** The lab fills the page (the lesson hidden until restored). */
  maximised: boolean;
  /** xterm.js's screen-reader mode (an accessible copy of the terminal's text, announced as it changes). */
  screenReader: boolean;
}

export const SPLIT_MIN = 20;
export const SPLIT_MAX = 75;
/** One arrow key press on the split handle, percent (Page Up/Down moves five of these). */
export const SPLIT_STEP = 2;

export const DEFAULT_LAYOUT: LabLayout = { lessonPct: 42, sideBySide: false, pair: null, maximised: false, screenReader: false };

export const LAYOUT_KEY = 'opslab.labLayout.v1';

export const clampSplit = (pct: number): number => Math.round(Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, pct)) * 10) / 10;

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;

/** A stored layout (JSON text, or null when there is none), each field checked on its own. */
export function parseLayout(raw: string | null): LabLayout {
  let data: unknown;
  try {
    data = raw ? JSON.parse(raw) : undefined;
  } catch {
    data = undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ...DEFAULT_LAYOUT };
  const d = data as Record<string, unknown>;
  const pct = d.lessonPct;
  const pair = d.pair;
  return {
    lessonPct: typeof pct === 'number' && Number.isFinite(pct) ? clampSplit(pct) : DEFAULT_LAYOUT.lessonPct,
    sideBySide: typeof d.sideBySide === 'boolean' ? d.sideBySide : DEFAULT_LAYOUT.sideBySide,
    pair: Array.isArray(pair) && pair.length === 2 && isName(pair[0]) && isName(pair[1]) && pair[0] !== pair[1] ? [pair[0], pair[1]] : null,
    maximised: typeof d.maximised === 'boolean' ? d.maximised : DEFAULT_LAYOUT.maximised,
    screenReader: typeof d.screenReader === 'boolean' ? d.screenReader : DEFAULT_LAYOUT.screenReader,
  };
}

/** The remembered layout (the default where storage is unavailable: private mode, a sandbox). */
export function loadLayout(storage?: Pick<Storage, 'getItem'>): LabLayout {
  return parseLayout(readStored(LAYOUT_KEY, storage));
}

/** Remember the layout (for this visit only where storage refuses). */
export function saveLayout(layout: LabLayout, storage?: Pick<Storage, 'setItem'>): void {
  writeStored(LAYOUT_KEY, JSON.stringify(layout), storage);
}

/**
 * The two tabs shown side by side, given the remembered pair, the tab in use and every tab in
 * order: the remembered pair when both are still tabs of this lab, else the tab in use and the next
 * one. The tab in use is always one of the two (it takes the left pane when it was in neither).
 */
export function panePair(stored: [string, string] | null, current: string, order: string[]): [string, string] {
  const valid = stored && stored[0] !== stored[1] && order.includes(stored[0]) && order.includes(stored[1]) ? stored : null;
  if (valid?.includes(current)) return valid;
  const other = valid && valid[1] !== current ? valid[1] : (order.find((t) => t !== current) ?? current);
  return [current, other];
}

/**
 * The pair after the learner chose `tab` (a tab, a shortcut, a "run" button): a tab already shown
 * only takes focus; another takes the place of the pane in use (`current`), the other pane stays.
 */
export function choosePane(pair: [string, string], current: string, tab: string): [string, string] {
  if (pair.includes(tab)) return pair;
  return pair[0] === current ? [tab, pair[1]] : [pair[0], tab];
}

/** The pair after the learner picked `tab` for pane `side` (0 left, 1 right): the other pane's tab swaps sides. */
export function setPane(pair: [string, string], side: 0 | 1, tab: string): [string, string] {
  const other = pair[1 - side]!;
  if (tab === other) return side === 0 ? [tab, pair[0]] : [pair[1], tab];
  return side === 0 ? [tab, pair[1]] : [pair[0], tab];
}

/**
 * The host terminal the learner is using, on the screen: the tab in use when it is a host's; side by
 * side with a panel in use (the View), the host in the other pane; none when a panel is shown alone
 * or beside another panel. What types without naming a host (a lesson's unmarked "run", the
 * on-screen keys) goes there, into a terminal the learner sees, and the layout stays as it is.
 */
export function shownTerminal(p: { current: string; lastHost: string; sideBySide: boolean; pair: [string, string]; isHost: (tab: string) => boolean }): string | undefined {
  if (p.isHost(p.current)) return p.current;
  if (!p.sideBySide) return undefined;
  return p.pair.includes(p.lastHost) ? p.lastHost : p.pair.find(p.isHost);
}
