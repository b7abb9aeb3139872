// The exercise page's pure parts (web/src/lib/layout.ts, shortcuts.ts, web/src/terminal/keys.ts):
// a remembered layout read back field by field (a corrupt value never breaks the page), which two
// panes show side by side, which keys are shortcuts (and that the shell keeps its own), and the
// bytes the on-screen keys and a lesson's "run" button send.
import { describe, expect, it } from 'vitest';
import { choosePane, DEFAULT_LAYOUT, LAYOUT_KEY, loadLayout, panePair, parseLayout, saveLayout, setPane, shownTerminal, SPLIT_MAX, SPLIT_MIN } from '../../web/src/lib/layout.js';
import { type KeyLike, shortcutOf } from '../../web/src/lib/shortcuts.js';
import { keyBytes, typedText, withCtrl } from '../../web/src/terminal/keys.js';

describe('the remembered layout', () => {
  it('reads back what was saved', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const layout = { lessonPct: 55, sideBySide: true, pair: ['client', 'director'] as [string, string], maximised: true, screenReader: true };
    saveLayout(layout, storage);
    expect(store.has(LAYOUT_KEY)).toBe(true);
    expect(loadLayout(storage)).toEqual(layout);
  });

  it.each([null, '', 'not json', '[]', '42', 'null', '{"lessonPct":'])('ignores a corrupt value %j', (raw) => {
    expect(parseLayout(raw)).toEqual(DEFAULT_LAYOUT);
  });

  it('keeps the good fields of a half-good value, and bounds the split', () => {
    expect(parseLayout(JSON.stringify({ lessonPct: 'wide', sideBySide: true, pair: ['a', 'a'], maximised: 1 }))).toEqual({ ...DEFAULT_LAYOUT, sideBySide: true });
    expect(parseLayout(JSON.stringify({ lessonPct: 3 })).lessonPct).toBe(SPLIT_MIN);
    expect(parseLayout(JSON.stringify({ lessonPct: 1e9 })).lessonPct).toBe(SPLIT_MAX);
    expect(parseLayout(JSON.stringify({ lessonPct: Number.NaN })).lessonPct).toBe(DEFAULT_LAYOUT.lessonPct);
    expect(parseLayout(JSON.stringify({ pair: ['x'.repeat(65), 'b'] })).pair).toBeNull();
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadLayout(broken)).toEqual(DEFAULT_LAYOUT);
    expect(() => saveLayout(DEFAULT_LAYOUT, broken)).not.toThrow();
  });
});

describe('two panes side by side', () => {
  const order = ['client', 'director', 'rs1', ':view'];
  it('shows the remembered pair when it fits this lab, else the tab in use and the next', () => {
    expect(panePair(['client', 'director'], 'director', order)).toEqual(['client', 'director']);
    expect(panePair(['web', 'db'], 'client', order)).toEqual(['client', 'director']);
    expect(panePair(null, 'rs1', order)).toEqual(['rs1', 'client']);
    // The tab in use is always shown: it takes the left pane, the remembered right one stays.
    expect(panePair(['client', 'director'], 'rs1', order)).toEqual(['rs1', 'director']);
  });

  it('a chosen tab replaces the pane in use; a shown one only takes focus; picking the other side swaps', () => {
    const pair: [string, string] = ['client', 'director'];
    expect(choosePane(pair, 'director', 'client')).toBe(pair);
    expect(choosePane(pair, 'director', 'rs1')).toEqual(['client', 'rs1']);
    expect(choosePane(pair, 'client', ':view')).toEqual([':view', 'director']);
    expect(setPane(pair, 0, 'director')).toEqual(['director', 'client']);
    expect(setPane(pair, 1, 'rs1')).toEqual(['client', 'rs1']);
  });
});

describe('the terminal in use (where a block that names no host, and the on-screen keys, type)', () => {
  const isHost = (tab: string) => !tab.startsWith(':');
  it('is the tab in use when it is a host', () => {
    expect(shownTerminal({ current: 'web', lastHost: 'web', sideBySide: false, pair: ['web', 'client'], isHost })).toBe('web');
    expect(shownTerminal({ current: 'client', lastHost: 'client', sideBySide: true, pair: ['web', 'client'], isHost })).toBe('client');
  });

  it('side by side with a panel in use, is the terminal shown beside it, not one off the screen', () => {
    // The View took web's pane: client is on the screen, web (the last used) is not.
    expect(shownTerminal({ current: ':view', lastHost: 'web', sideBySide: true, pair: ['client', ':view'], isHost })).toBe('client');
    expect(shownTerminal({ current: ':view', lastHost: 'client', sideBySide: true, pair: [':view', 'client'], isHost })).toBe('client');
    expect(shownTerminal({ current: ':view', lastHost: 'web', sideBySide: true, pair: [':view', ':preview'], isHost })).toBeUndefined();
  });

  it('is none while a panel is shown alone (the bus then shows the last host used again)', () => {
    expect(shownTerminal({ current: ':view', lastHost: 'web', sideBySide: false, pair: [':view', 'web'], isHost })).toBeUndefined();
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: Partial<KeyLike>): KeyLike => ({ key: '', code: '', ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...k });
  const inTerminal = { inTerminal: true, inField: false };
  const outside = { inTerminal: false, inField: false };

  it('Ctrl+Shift keys work everywhere, the terminal included', () => {
    expect(shortcutOf(key({ key: '@', code: 'Digit2', ctrlKey: true, shiftKey: true }), inTerminal)).toEqual({ kind: 'host', index: 1 });
    expect(shortcutOf(key({ key: 'L', code: 'KeyL', ctrlKey: true, shiftKey: true }), inTerminal)).toEqual({ kind: 'lesson-lab' });
    expect(shortcutOf(key({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true }), inTerminal)).toEqual({ kind: 'check' });
    expect(shortcutOf(key({ key: 'F', code: 'KeyF', ctrlKey: true, shiftKey: true }), inTerminal)).toEqual({ kind: 'maximise' });
    expect(shortcutOf(key({ key: '?', code: 'Slash', ctrlKey: true, shiftKey: true }), inTerminal)).toEqual({ kind: 'help' });
  });

  it("never takes a key the shell needs: Ctrl+C/D/L/R, Tab, arrows, Esc, readline's Alt keys", () => {
    const shell: Partial<KeyLike>[] = [
      { key: 'c', code: 'KeyC', ctrlKey: true },
      { key: 'd', code: 'KeyD', ctrlKey: true },
      { key: 'l', code: 'KeyL', ctrlKey: true },
      { key: 'r', code: 'KeyR', ctrlKey: true },
      { key: 'Tab', code: 'Tab' },
      { key: 'ArrowUp', code: 'ArrowUp' },
      { key: 'Escape', code: 'Escape' },
      { key: 'b', code: 'KeyB', altKey: true },
      { key: 'f', code: 'KeyF', altKey: true },
      { key: 'd', code: 'KeyD', altKey: true },
      { key: 'l', code: 'KeyL', altKey: true },
      { key: 't', code: 'KeyT', altKey: true },
      { key: 'c', code: 'KeyC', altKey: true },
      { key: '1', code: 'Digit1', altKey: true }, // readline's numeric argument
      { key: '?', code: 'Slash', shiftKey: true },
      { key: 'C', code: 'KeyC', ctrlKey: true, shiftKey: true }, // copy
      { key: 'V', code: 'KeyV', ctrlKey: true, shiftKey: true }, // paste
    ];
    for (const k of shell) expect(shortcutOf(key(k), inTerminal), JSON.stringify(k)).toBeUndefined();
  });

  it('Alt+digit and ? only where nothing is typed', () => {
    expect(shortcutOf(key({ key: '3', code: 'Digit3', altKey: true }), outside)).toEqual({ kind: 'host', index: 2 });
    expect(shortcutOf(key({ key: '?', code: 'Slash', shiftKey: true }), outside)).toEqual({ kind: 'help' });
    expect(shortcutOf(key({ key: '?', code: 'Slash', shiftKey: true }), { inTerminal: false, inField: true })).toBeUndefined();
  });
});

describe('what the on-screen keys and "run" send', () => {
  it('Ctrl then a letter is its control code', () => {
    expect(withCtrl('c')).toBe('\x03');
    expect(withCtrl('C')).toBe('\x03');
    expect(withCtrl('[')).toBe('\x1b');
    expect(withCtrl('?')).toBe('\x7f');
    expect(withCtrl('1')).toBe('1');
  });

  it('arrows follow the cursor-key mode, and Ctrl', () => {
    expect(keyBytes('up', { ctrl: false, appCursor: false })).toBe('\x1b[A');
    expect(keyBytes('up', { ctrl: false, appCursor: true })).toBe('\x1bOA');
    expect(keyBytes('left', { ctrl: true, appCursor: false })).toBe('\x1b[1;5D');
    expect(keyBytes('tab', { ctrl: false, appCursor: false })).toBe('\t');
    expect(keyBytes('esc', { ctrl: false, appCursor: false })).toBe('\x1b');
    expect(keyBytes('pipe', { ctrl: false, appCursor: false })).toBe('|');
  });

  it('enters each line of a block; "copy" leaves the last at the prompt', () => {
    expect(typedText('ipvsadm -Ln', true)).toBe('ipvsadm -Ln\r');
    expect(typedText('a\nb\n', true)).toBe('a\rb\r');
    expect(typedText('a\r\nb', false)).toBe('a\rb');
    expect(typedText('echo hi', false)).toBe('echo hi');
  });
});
