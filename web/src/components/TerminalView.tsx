import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { terminalUrl } from '../api.js';
import { installClipboardKeys } from '../terminal/clipboard.js';
import { loadBestRenderer } from '../terminal/renderer.js';
import { TerminalClient, type TerminalStatus } from '../terminal/TerminalClient.js';
import { exposeForTests } from '../terminal/testHook.js';

interface Props {
  lab: string;
  host: string;
  active: boolean;
  /** Changes when the learner chose this terminal: it then takes keyboard focus. */
  focusToken: number;
  onStatus: (host: string, status: TerminalStatus) => void;
  onLabGone: () => void;
}

const theme = {
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

/** One lab host's terminal: xterm.js, fitted to its box, connected by a TerminalClient. */
export function TerminalView({ lab, host, active, focusToken, onStatus, onLabGone }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const callbacks = useRef({ onStatus, onLabGone });
  callbacks.current = { onStatus, onLabGone };
  // Read by the focus effect, which runs on a new focusToken only: becoming active alone does not take focus.
  const isActive = useRef(active);
  isActive.current = active;

  useEffect(() => {
    const el = box.current!;
    const t = new Terminal({
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 5000,
      theme,
      allowProposedApi: false,
      macOptionIsMeta: true,
      rightClickSelectsWord: false,
    });
    const fitAddon = new FitAddon();
    t.loadAddon(fitAddon);
    installClipboardKeys(t);
    t.open(el);
    t.textarea?.setAttribute('aria-label', `Terminal of host ${host}`);
    const disposables = [
      loadBestRenderer(t, (why) => console.info(`terminal ${host}: DOM renderer (${why})`)),
      exposeForTests(host, t),
    ];
    fitAddon.fit();
    const client = new TerminalClient({
      url: ({ cols, rows }) => `${terminalUrl(lab, host)}?cols=${cols}&rows=${rows}`,
      onStatus: (s) => callbacks.current.onStatus(host, s),
      onLabGone: () => callbacks.current.onLabGone(),
    });
    t.loadAddon(client);

    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => el.clientWidth > 0 && fitAddon.fit());
    });
    observer.observe(el);
    term.current = t;
    fit.current = fitAddon;
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      for (const d of disposables) d.dispose();
      t.dispose(); // disposes the addons too: the client closes its socket
      term.current = null;
    };
  }, [lab, host]);

  useEffect(() => {
    if (active) fit.current?.fit();
  }, [active]);

  useEffect(() => {
    if (isActive.current && focusToken > 0) term.current?.focus();
  }, [focusToken]);

  return (
    <div
      className={`terminal-panel${active ? ' is-active' : ''}`}
      role="tabpanel"
      id={`term-panel-${host}`}
      aria-labelledby={`term-tab-${host}`}
      data-testid={`terminal-${host}`}
    >
      <div className="terminal-box" ref={box} />
    </div>
  );
}
