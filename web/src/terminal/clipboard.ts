// Copy and paste that feel like a Linux terminal: Ctrl-Shift-C copies the selection, Ctrl-Shift-V
// pastes (the browser's own paste event, which xterm.js turns into input); Ctrl-C stays ^C.
// Cmd-C / Cmd-V on macOS and the context menu work through xterm.js's defaults.
import type { Terminal } from '@xterm/xterm';
import { copyText } from '../lib/clipboard.js';

export function installClipboardKeys(term: Terminal): void {
  term.attachCustomKeyEventHandler((ev) => {
    if (ev.type !== 'keydown' || !ev.ctrlKey || !ev.shiftKey || ev.altKey || ev.metaKey) return true;
    const key = ev.key.toLowerCase();
    if (key === 'c') {
      ev.preventDefault();
      const text = term.getSelection();
      if (text) void copyText(text); // the app's one copy, which also works on plain http (no navigator.clipboard)
      return false;
    }
    if (key === 'v') return false; // let the browser fire its paste event on xterm's textarea
    return true;
  });
}
