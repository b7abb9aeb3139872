import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { TerminalStatus } from '../terminal/TerminalClient.js';
import { TerminalView } from './TerminalView.js';
import { PreviewPanel } from './preview/PreviewPanel.js';
import { LabViewPanel } from './view/LabViewPanel.js';

interface Props {
  lab: string;
  hosts: { name: string; addresses: Record<string, string> }[];
  /** Bumped by the page when the terminal should take focus (e.g. the lab just became ready). */
  focusRequest: number;
  onLabGone: () => void;
}

/** The View tab's key among the host names (a colon is never in a host's name). */
const VIEW = ':view';
/** The Preview tab's key (a web page fetched from inside the lab). */
const PREVIEW = ':preview';

const label: Record<TerminalStatus['state'], string> = {
  connecting: 'connecting',
  open: 'connected',
  retrying: 'reconnecting',
  ended: 'disconnected',
};

/**
 * One tab per lab host, and the View tab (a look inside the lab) after them. Every terminal stays
 * connected, the chosen one is shown and focused; the view, once opened, stays mounted (its last
 * picture and captured frames kept) but watches the lab only while its tab is shown.
 */
export function TerminalTabs({ lab, hosts, focusRequest, onLabGone }: Props) {
  const [current, setCurrent] = useState(hosts[0]?.name ?? '');
  const [chosen, setChosen] = useState(0);
  const [statuses, setStatuses] = useState<Record<string, TerminalStatus['state']>>({});
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const [viewOpened, setViewOpened] = useState(false);
  const [previewOpened, setPreviewOpened] = useState(false);
  const order = [...hosts.map((h) => h.name), VIEW, PREVIEW];

  const onStatus = useCallback((host: string, s: TerminalStatus) => {
    setStatuses((prev) => (prev[host] === s.state ? prev : { ...prev, [host]: s.state }));
  }, []);

  const show = (tab: string) => {
    setCurrent(tab);
    if (tab === VIEW) setViewOpened(true);
    if (tab === PREVIEW) setPreviewOpened(true);
  };
  const choose = (tab: string) => {
    show(tab);
    setChosen((t) => t + 1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = order.indexOf(current);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? order.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const tab = order[(next + order.length) % order.length]!;
    show(tab);
    tabs.current[tab]?.focus();
  };

  return (
    <div className="terminals">
      <div className="terminal-tabs" role="tablist" aria-label="Lab hosts, view and preview" onKeyDown={onKeyDown}>
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
        <button
          ref={(el) => {
            tabs.current[VIEW] = el;
          }}
          type="button"
          role="tab"
          id="lab-view-tab"
          aria-controls="lab-view-panel"
          aria-selected={current === VIEW}
          tabIndex={current === VIEW ? 0 : -1}
          className="terminal-tab view-tab"
          title="A live look inside the lab: topology, ARP caches, IPVS, VRRP, faults and packets"
          onClick={() => choose(VIEW)}
        >
          <span className="view-tab-mark" aria-hidden="true">
            ◉
          </span>
          View
        </button>
        <button
          ref={(el) => {
            tabs.current[PREVIEW] = el;
          }}
          type="button"
          role="tab"
          id="lab-preview-tab"
          aria-controls="lab-preview-panel"
          aria-selected={current === PREVIEW}
          tabIndex={current === PREVIEW ? 0 : -1}
          className="terminal-tab preview-tab"
          title="A web page as a client in the lab sees it: fetched from inside a lab host"
          onClick={() => choose(PREVIEW)}
        >
          <span className="preview-tab-mark" aria-hidden="true">
            ◧
          </span>
          Preview
        </button>
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
        <div className={`terminal-panel view-panel${current === VIEW ? ' is-active' : ''}`} role="tabpanel" id="lab-view-panel" aria-labelledby="lab-view-tab" data-testid="lab-view">
          {viewOpened && <LabViewPanel lab={lab} hosts={hosts} active={current === VIEW} onLabGone={onLabGone} />}
        </div>
        <div className={`terminal-panel preview-panel${current === PREVIEW ? ' is-active' : ''}`} role="tabpanel" id="lab-preview-panel" aria-labelledby="lab-preview-tab" data-testid="lab-preview">
          {previewOpened && <PreviewPanel lab={lab} hosts={hosts} />}
        </div>
      </div>
    </div>
  );
}
