import { t } from '../lib/i18n.js';
import { useEffect, useRef } from 'react';
import { terminalUrl } from '../api.js';
import { type MountedTerminal, mountTerminal } from '../terminal/mount.js';
import { TerminalClient, type TerminalStatus } from '../terminal/TerminalClient.js';

/** Where a terminal is shown: alone (the chosen tab), in the left or right pane side by side, or not at all. */
export type PanePlace = 'single' | 'left' | 'right' | 'hidden';

interface Props {
  lab: string;
  host: string;
  place: PanePlace;
  /** xterm.js's screen-reader mode (an accessible copy of the screen, announced as it changes). */
  screenReader: boolean;
  onStatus: (host: string, status: TerminalStatus) => void;
  onLabGone: () => void;
  /** The mounted terminal (its xterm, fit, dispose), and null when it goes: the tabs focus it and type into it. */
  onMount: (host: string, term: MountedTerminal | null) => void;
  /** Changes what the learner types before it is sent (the on-screen Ctrl). */
  transformInput: (data: string) => string;
  /** The learner put focus in this terminal (a click in the other pane side by side). */
  onFocused: (host: string) => void;
}

/** One lab host's terminal: xterm.js, fitted to its box, connected by a TerminalClient. */
export function TerminalView({ lab, host, place, screenReader, onStatus, onLabGone, onMount, transformInput, onFocused }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const term = useRef<MountedTerminal | null>(null);
  const callbacks = useRef({ onStatus, onLabGone, onMount, transformInput });
  callbacks.current = { onStatus, onLabGone, onMount, transformInput };
  const screenReaderAtMount = useRef(screenReader);

  useEffect(() => {
    const mounted = mountTerminal({
      box: box.current!,
      label: t('terminal.label', { host }),
      testName: host,
      options: { macOptionIsMeta: true, rightClickSelectsWord: false, screenReaderMode: screenReaderAtMount.current },
      onRendererFallback: (why) => console.info(`terminal ${host}: DOM renderer (${why})`),
      connect: () =>
        new TerminalClient({
          url: ({ cols, rows }) => `${terminalUrl(lab, host)}?cols=${cols}&rows=${rows}`,
          onStatus: (s) => callbacks.current.onStatus(host, s),
          onLabGone: () => callbacks.current.onLabGone(),
          transformInput: (data) => callbacks.current.transformInput(data),
        }),
    });
    term.current = mounted;
    callbacks.current.onMount(host, mounted);
    return () => {
      callbacks.current.onMount(host, null);
      mounted.dispose();
      term.current = null;
    };
  }, [lab, host]);

  const shown = place !== 'hidden';
  // biome-ignore lint/correctness/useExhaustiveDependencies(place): a new place is a new size (half or whole): fit again.
  useEffect(() => {
    if (shown) term.current?.fit();
  }, [shown, place]);

  useEffect(() => {
    const t = term.current?.term;
    if (t && t.options.screenReaderMode !== screenReader) t.options.screenReaderMode = screenReader;
  }, [screenReader]);

  return (
    <div
      className={`terminal-panel${shown ? ' is-active' : ''}${place === 'left' || place === 'right' ? ` is-${place}` : ''}`}
      role="tabpanel"
      id={`term-panel-${host}`}
      aria-labelledby={`term-tab-${host}`}
      data-testid={`terminal-${host}`}
      onFocus={() => onFocused(host)}
    >
      <div className="terminal-box" ref={box} />
    </div>
  );
}
