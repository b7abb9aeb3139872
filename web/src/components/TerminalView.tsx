import { useEffect, useRef } from 'react';
import { terminalUrl } from '../api.js';
import { type MountedTerminal, mountTerminal } from '../terminal/mount.js';
import { TerminalClient, type TerminalStatus } from '../terminal/TerminalClient.js';

interface Props {
  lab: string;
  host: string;
  active: boolean;
  /** Changes when the learner chose this terminal: it then takes keyboard focus. */
  focusToken: number;
  onStatus: (host: string, status: TerminalStatus) => void;
  onLabGone: () => void;
}

/** One lab host's terminal: xterm.js, fitted to its box, connected by a TerminalClient. */
export function TerminalView({ lab, host, active, focusToken, onStatus, onLabGone }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<MountedTerminal | null>(null);
  const callbacks = useRef({ onStatus, onLabGone });
  callbacks.current = { onStatus, onLabGone };
  // Read by the focus effect, which runs on a new focusToken only: becoming active alone does not take focus.
  const isActive = useRef(active);
  isActive.current = active;

  useEffect(() => {
    const mounted = mountTerminal({
      box: box.current!,
      label: `Terminal of host ${host}`,
      testName: host,
      options: { macOptionIsMeta: true, rightClickSelectsWord: false },
      onRendererFallback: (why) => console.info(`terminal ${host}: DOM renderer (${why})`),
      connect: () =>
        new TerminalClient({
          url: ({ cols, rows }) => `${terminalUrl(lab, host)}?cols=${cols}&rows=${rows}`,
          onStatus: (s) => callbacks.current.onStatus(host, s),
          onLabGone: () => callbacks.current.onLabGone(),
        }),
    });
    term.current = mounted;
    return () => {
      mounted.dispose();
      term.current = null;
    };
  }, [lab, host]);

  useEffect(() => {
    if (active) term.current?.fit();
  }, [active]);

  useEffect(() => {
    if (isActive.current && focusToken > 0) term.current?.term.focus();
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
