// Test-only access to terminal text, for the browser tests: active only when the page was opened
// with window.__OPSLAB_TEST__ set before load (Playwright's addInitScript); a no-op otherwise.
import type { IDisposable, Terminal } from '@xterm/xterm';
import type { TerminalAnswer, TerminalRequest } from '../lib/terminalBus.js';

interface TestWindow {
  __OPSLAB_TEST__?: boolean;
  __opslabTerminals?: Record<string, { text: () => string; size: () => { cols: number; rows: number } }>;
  /** What a lesson's "run" button does (the terminal bus), for a test to call from the page. */
  __opslabSend?: (req: TerminalRequest) => TerminalAnswer;
}

/** Exposes the terminal bus's sender as window.__opslabSend while the terminals listen (tests only). */
export function exposeSendForTests(send: (req: TerminalRequest) => TerminalAnswer): IDisposable {
  const w = window as unknown as TestWindow;
  if (!w.__OPSLAB_TEST__) return { dispose() {} };
  w.__opslabSend = send;
  return { dispose: () => w.__opslabSend === send && delete w.__opslabSend };
}

export function exposeForTests(host: string, term: Terminal): IDisposable {
  const w = window as unknown as TestWindow;
  if (!w.__OPSLAB_TEST__) return { dispose() {} };
  const entry = {
    text: () => {
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n');
    },
    size: () => ({ cols: term.cols, rows: term.rows }),
  };
  w.__opslabTerminals ??= {};
  w.__opslabTerminals[host] = entry;
  return { dispose: () => w.__opslabTerminals?.[host] === entry && delete w.__opslabTerminals[host] };
}
