import { t } from '../lib/i18n.js';
import { useEffect, useRef } from 'react';
import { type ConsoleTicketView, consoleSocketUrl } from '../adminApi.js';
import { ConsoleClient, type ConsoleStatus } from '../terminal/ConsoleClient.js';
import { mountTerminal } from '../terminal/mount.js';

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
    const mounted = mountTerminal({
      box: box.current!,
      label: t('admin.consoleLabel'),
      testName: 'engine-console',
      options: { scrollback: 10_000 },
      connect: () => new ConsoleClient({ url: (size) => consoleSocketUrl(ticket, size), onStatus: (s) => status.current(s) }),
    });
    mounted.term.focus();
    return () => mounted.dispose();
  }, [ticket]);

  return (
    <div style={{ height: '70vh', background: '#0f1419', padding: '6px 4px 4px 10px', borderRadius: 6 }} data-testid="engine-console">
      <div className="terminal-box" ref={box} />
    </div>
  );
}
