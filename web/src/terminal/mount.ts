// One xterm.js terminal in a box, as every terminal of the app has it: the house font and theme,
// fitted to the box (and again whenever the box changes size), clipboard keys, the best renderer,
// the test hook, and an addon that connects it (TerminalClient for a lab host, ConsoleClient for the
// engine console). dispose() undoes all of it, the connecting addon included.
import { FitAddon } from '@xterm/addon-fit';
import { type ITerminalAddon, type ITerminalOptions, Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { boundCostlyCsi } from '../../../shared/terminal-bounds.js';
import { installClipboardKeys } from './clipboard.js';
import { loadBestRenderer } from './renderer.js';
import { exposeForTests } from './testHook.js';

export const TERMINAL_THEME = {
  background: '#0f1419',
  foreground: '#d8dee9',
  cursor: '#34d399',
  cursorAccent: '#0f1419',
  selectionBackground: '#3b4a5e',
  black: '#1c2430',
  brightBlack: '#5c6773',
  green: '#34d399',
  brightGreen: '#6ee7b7',
  blue: '#60a5fa',
  brightBlue: '#93c5fd',
};

/**
 * A palette of all 256 colours set at once is about 5 KiB of OSC 4; xterm.js's cost for one grows
 * with the square of its pieces (a megabyte of ';' took minutes), so a longer one is dropped.
 */
const OSC4_MAX_CHARS = 16 * 1024;

/**
 * What a shell prints cannot stall the tab: the counted CSI sequences are bounded to the screen
 * (shared/terminal-bounds.ts; `printf '\e[2147483647S'` looped two billion times), and an
 * oversized palette change is dropped. A learner's own output, and in the engine console a
 * learner's process name in a kernel message, reach these terminals.
 */
function boundSequences(term: Terminal): void {
  boundCostlyCsi(term);
  term.parser.registerOscHandler(4, (data) => data.length > OSC4_MAX_CHARS);
}

export interface MountedTerminal {
  term: Terminal;
  fit: () => void;
  dispose: () => void;
}

export function mountTerminal(props: {
  box: HTMLElement;
  /** The screen reader's name for its input. */
  label: string;
  /** Its name in the browser tests' hook. */
  testName: string;
  /** Connects it; made once the terminal is open and fitted (so it knows its size). */
  connect: () => ITerminalAddon;
  options?: ITerminalOptions;
  onRendererFallback?: (why: string) => void;
}): MountedTerminal {
  const { box } = props;
  const term = new Terminal({
    fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    lineHeight: 1.15,
    cursorBlink: true,
    scrollback: 5000,
    theme: TERMINAL_THEME,
    allowProposedApi: false,
    ...props.options,
  });
  boundSequences(term);
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  installClipboardKeys(term);
  term.open(box);
  term.textarea?.setAttribute('aria-label', props.label);
  const disposables = [loadBestRenderer(term, props.onRendererFallback), exposeForTests(props.testName, term)];
  fitAddon.fit();
  term.loadAddon(props.connect());
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => box.clientWidth > 0 && fitAddon.fit());
  });
  observer.observe(box);
  return {
    term,
    fit: () => fitAddon.fit(),
    dispose: () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      for (const d of disposables) d.dispose();
      term.dispose(); // disposes the addons too: the client closes its socket
    },
  };
}
