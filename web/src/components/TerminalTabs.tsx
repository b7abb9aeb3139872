import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { TerminalStatus } from '../terminal/TerminalClient.js';
import { TerminalView } from './TerminalView.js';

interface Props {
  lab: string;
  hosts: { name: string; addresses: Record<string, string> }[];
  /** Bumped by the page when the terminal should take focus (e.g. the lab just became ready). */
  focusRequest: number;
  onLabGone: () => void;
}

const label: Record<TerminalStatus['state'], string> = {
  connecting: 'connecting',
  open: 'connected',
  retrying: 'reconnecting',
  ended: 'disconnected',
};

/** One tab per lab host; every terminal stays connected, the chosen one is shown and focused. */
export function TerminalTabs({ lab, hosts, focusRequest, onLabGone }: Props) {
  const [current, setCurrent] = useState(hosts[0]?.name ?? '');
  const [chosen, setChosen] = useState(0);
  const [statuses, setStatuses] = useState<Record<string, TerminalStatus['state']>>({});
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});

  const onStatus = useCallback((host: string, s: TerminalStatus) => {
    setStatuses((prev) => (prev[host] === s.state ? prev : { ...prev, [host]: s.state }));
  }, []);

  const choose = (host: string) => {
    setCurrent(host);
    setChosen((t) => t + 1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = hosts.findIndex((h) => h.name === current);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? hosts.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const host = hosts[(next + hosts.length) % hosts.length]!.name;
    setCurrent(host);
    tabs.current[host]?.focus();
  };

  return (
    <div className="terminals">
      <div className="terminal-tabs" role="tablist" aria-label="Lab hosts" onKeyDown={onKeyDown}>
        {hosts.map((h) => {
          const state = statuses[h.name] ?? 'connecting';
          const ip = Object.values(h.addresses)[0];
          return (
            <button
              key={h.name}
              ref={(el) => {
                tabs.current[h.name] = el;
              }}
              type="button"
              role="tab"
              id={`term-tab-${h.name}`}
              aria-controls={`term-panel-${h.name}`}
              aria-selected={h.name === current}
              tabIndex={h.name === current ? 0 : -1}
              className="terminal-tab"
              title={`${h.name}${ip ? ` (${ip})` : ''}: ${label[state]}`}
              onClick={() => choose(h.name)}
            >
              <span className={`dot dot-${state}`} aria-hidden="true" />
              {h.name}
              <span className="visually-hidden">, terminal {label[state]}</span>
            </button>
          );
        })}
      </div>
      <div className="terminal-stack">
        {hosts.map((h) => (
          <TerminalView
            key={h.name}
            lab={lab}
            host={h.name}
            active={h.name === current}
            focusToken={chosen + focusRequest}
            onStatus={onStatus}
            onLabGone={onLabGone}
          />
        ))}
      </div>
    </div>
  );
}
