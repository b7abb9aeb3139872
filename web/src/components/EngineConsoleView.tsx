import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { type ConsoleTicketView, consoleSocketUrl } from '../adminApi.js';
import { installClipboardKeys } from '../terminal/clipboard.js';
import { ConsoleClient, type ConsoleStatus } from '../terminal/ConsoleClient.js';
import { loadBestRenderer } from '../terminal/renderer.js';
import { exposeForTests } from '../terminal/testHook.js';

interface Props {
  /** A fresh ticket: each one opens one socket (a new ticket, a new connection). */
  ticket: ConsoleTicketView;
  onStatus: (status: ConsoleStatus) => void;
}

/** The vm engine's serial console in xterm.js, fitted to its box, connected by a ConsoleClient. */
export function EngineConsoleView({ ticket, onStatus }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const status = useRef(onStatus);
  status.current = onStatus;

  useEffect(() => {
    const el = box.current!;
    const term = new Terminal({
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      lineHeight: 1.15,
      cursorBlink: true,
      scrollback: 10_000,
      theme: { background: '#0f1419', foreground: '#d8dee9', cursor: '#34d399' },
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    installClipboardKeys(term);
    term.open(el);
    term.textarea?.setAttribute('aria-label', "The vm engine's serial console");
    const disposables = [loadBestRenderer(term), exposeForTests('engine-console', term)];
    fit.fit();
    term.loadAddon(new ConsoleClient({ url: (size) => consoleSocketUrl(ticket, size), onStatus: (s) => status.current(s) }));
    term.focus();
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => el.clientWidth > 0 && fit.fit());
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      for (const d of disposables) d.dispose();
      term.dispose(); // disposes the addons too: the client closes its socket
    };
  }, [ticket]);

  return (
    <div style={{ height: '70vh', background: '#0f1419', padding: '6px 4px 4px 10px', borderRadius: 6 }} data-testid="engine-console">
      <div className="terminal-box" ref={box} />
    </div>
  );
}
