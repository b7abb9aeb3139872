// The exercise page's keyboard shortcuts, and why these keys. The terminal is a real shell: every key
// it receives means something to bash/readline or to a program in it (Ctrl+C/D/L/R/Z, Tab, the
// arrows, Esc for vi, and Alt+letter and Alt+digit, which are readline's word moves, case changes
// and numeric arguments: Alt+B, Alt+F, Alt+D, Alt+L, Alt+T, Alt+C, Alt+1 ...). So the shortcuts
// use Ctrl+Shift, which terminal emulators keep for themselves (this app's own copy and paste are
// Ctrl+Shift+C and Ctrl+Shift+V) and readline never sees; the keys chosen are ones browsers leave
// to the page (not Ctrl+Shift+T/N/W/Q/R/I/J). Outside the terminal and text fields, Alt+1..9 and
// "?" work too: nothing is typed there, so they take nothing from anyone.

export type ShortcutAction =
  | { kind: 'host'; index: number }
  | { kind: 'lesson-lab' }
  | { kind: 'check' }
  | { kind: 'maximise' }
  | { kind: 'help' };

/** The parts of a KeyboardEvent a shortcut depends on (`code` is the physical key: digits on any layout). */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Where the key was pressed: in a lab terminal, or in a field that takes text. */
export interface KeyPlace {
  inTerminal: boolean;
  inField: boolean;
}

/**
 * For the help dialog: the keys, in words, and the catalog keys of what they do (`shortcuts.what.ID`)
 * and of a note (`shortcuts.note.ID`) where `note` is set.
 */
export const SHORTCUTS: { id: string; keys: string[]; note?: boolean }[] = [
  { id: 'host', keys: ['Ctrl+Shift+1', '…', 'Ctrl+Shift+9'], note: true },
  { id: 'lessonLab', keys: ['Ctrl+Shift+L'] },
  { id: 'check', keys: ['Ctrl+Shift+Enter'] },
  { id: 'maximise', keys: ['Ctrl+Shift+F'], note: true },
  { id: 'help', keys: ['Ctrl+Shift+/'], note: true },
  { id: 'copy', keys: ['Ctrl+Shift+C', 'Ctrl+Shift+V'] },
];

/** What the key does, or undefined: the key then goes on to whatever has focus. */
export function shortcutOf(e: KeyLike, at: KeyPlace): ShortcutAction | undefined {
  const digit = /^Digit([1-9])$/.exec(e.code);
  if (e.ctrlKey && e.shiftKey && !e.altKey && !e.metaKey) {
    if (digit) return { kind: 'host', index: Number(digit[1]) - 1 };
    if (e.code === 'KeyL') return { kind: 'lesson-lab' };
    if (e.key === 'Enter') return { kind: 'check' };
    if (e.code === 'KeyF') return { kind: 'maximise' };
    if (e.code === 'Slash') return { kind: 'help' };
    return undefined;
  }
  if (at.inTerminal || at.inField) return undefined;
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && digit) return { kind: 'host', index: Number(digit[1]) - 1 };
  if (e.key === '?' && !e.ctrlKey && !e.altKey && !e.metaKey) return { kind: 'help' };
  return undefined;
}

/** Where a key event happened, from its target. */
export function placeOf(target: EventTarget | null): KeyPlace {
  const el = target instanceof Element ? target : null;
  const inTerminal = Boolean(el?.closest('.xterm'));
  const field = el?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
  return { inTerminal, inField: Boolean(field) && !inTerminal };
}

/** The event the task list listens for: run the check of the first task not passed yet. */
export const RUN_CHECK_EVENT = 'opslab:run-check';
