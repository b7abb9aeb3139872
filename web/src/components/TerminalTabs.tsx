import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../lib/i18n.js';
import { choosePane, type LabLayout, panePair, setPane, shownTerminal } from '../lib/layout.js';
import { listenForTerminalRequests, sendToTerminal, takesText, type TerminalAnswer, type TerminalRequest } from '../lib/terminalBus.js';
import { isPrintable, keyBytes, type ScreenKey, typedText, withCtrl } from '../terminal/keys.js';
import type { MountedTerminal } from '../terminal/mount.js';
import type { TerminalStatus } from '../terminal/TerminalClient.js';
import { exposeSendForTests } from '../terminal/testHook.js';
import { KeyRow } from './KeyRow.js';
import { type PanePlace, TerminalView } from './TerminalView.js';
import { LabViewPanel } from './view/LabViewPanel.js';
import { PreviewPanel } from './preview/PreviewPanel.js';

interface Props {
  lab: string;
  hosts: { name: string; addresses: Record<string, string> }[];
  /** The lab's placeholder values (vip, ip.web...): the Preview's first URL. */
  values: Record<string, string>;
  /** Bumped by the page when the terminal should take focus (e.g. the lab just became ready). */
  focusRequest: number;
  onLabGone: () => void;
  layout: Pick<LabLayout, 'sideBySide' | 'pair' | 'screenReader'>;
  onLayout: (change: Partial<LabLayout>) => void;
  /** A terminal is wanted (a lesson's "run", a shortcut): the page shows the lab if it was hidden (phones). */
  onReveal: () => void;
}

/**
 * Tabs after the hosts' that show a panel of the lab instead of a terminal: the View (a look inside
 * the lab) and the Preview (a web page fetched from inside it). Each has a key among the host names
 * (a colon is never in a host's name); a panel is mounted when first shown and then kept (its state
 * kept), told whether it is shown.
 */
interface PanelTab {
  key: string;
  /** Element ids and test id: `${id}-tab`, `${id}-panel`, and `id`. */
  id: string;
  /** Catalog keys of the tab's name and its title. */
  label: string;
  mark: string;
  title: string;
  /** The tab's and the panel's class. */
  tabClass: string;
  panelClass: string;
  render: (props: { lab: string; hosts: Props['hosts']; values: Props['values']; active: boolean; onLabGone: () => void }) => ReactNode;
}

const VIEW = ':view';
const PANEL_TABS: PanelTab[] = [
  {
    key: VIEW,
    id: 'lab-view',
    label: 'tabs.view',
    mark: '◉',
    title: 'tabs.viewTitle',
    tabClass: 'view-tab',
    panelClass: 'view-panel',
    render: (p) => <LabViewPanel lab={p.lab} hosts={p.hosts} active={p.active} onLabGone={p.onLabGone} />,
  },
  {
    key: ':preview',
    id: 'lab-preview',
    label: 'tabs.preview',
    mark: '◧',
    title: 'tabs.previewTitle',
    tabClass: 'preview-tab',
    panelClass: 'preview-panel',
    render: (p) => <PreviewPanel lab={p.lab} hosts={p.hosts} values={p.values} />,
  },
];
const isPanel = (tab: string) => PANEL_TABS.some((p) => p.key === tab);


/**
 * One tab per lab host, and the View tab (a look inside the lab) after them. Every terminal stays
 * connected; the chosen one is shown and focused, or side by side the chosen one and another (the
 * learner picks both; the one in use is the selected tab). The view, once opened, stays mounted (its
 * last picture and captured frames kept) but watches the lab only while it is shown. While mounted,
 * the tabs take the terminal bus's requests (a lesson's "run" button, a shortcut): the named host's
 * terminal is shown, focused and typed into.
 */
export function TerminalTabs({ lab, hosts, values, focusRequest, onLabGone, layout, onLayout, onReveal }: Props) {
  const { t: tr } = useT();
  const label = (state: TerminalStatus['state']) => tr(`tabs.state.${state}`);
  const tabName = (tab: string) => {
    const panel = PANEL_TABS.find((p) => p.key === tab);
    return panel ? tr(panel.label) : tab;
  };
  const [current, setCurrent] = useState(hosts[0]?.name ?? '');
  const [focusTick, setFocusTick] = useState(0);
  const [statuses, setStatuses] = useState<Record<string, TerminalStatus['state']>>({});
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const terms = useRef<Record<string, MountedTerminal>>({});
  /** The last host tab in use: where text goes while a panel (the View) is shown. */
  const lastHost = useRef(current);
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const [ctrl, setCtrl] = useState(false);
  const ctrlArmed = useRef(false);
  const order = [...hosts.map((h) => h.name), ...PANEL_TABS.map((p) => p.key)];
  const { sideBySide } = layout;
  const pair = panePair(layout.pair, current, order);
  /** The host terminal in use on the screen (a panel alone: none); the bus and the on-screen keys type there. */
  const terminalInUse = shownTerminal({ current, lastHost: lastHost.current, sideBySide, pair, isHost: (t) => !isPanel(t) });

  const place = (tab: string): PanePlace => {
    if (!sideBySide) return tab === current ? 'single' : 'hidden';
    return tab === pair[0] ? 'left' : tab === pair[1] ? 'right' : 'hidden';
  };

  const onStatus = useCallback((host: string, s: TerminalStatus) => {
    setStatuses((prev) => (prev[host] === s.state ? prev : { ...prev, [host]: s.state }));
  }, []);
  const onMount = useCallback((host: string, t: MountedTerminal | null) => {
    if (t) terms.current[host] = t;
    else delete terms.current[host];
  }, []);

  const open = useCallback((tab: string) => setOpened((o) => (o[tab] ? o : { ...o, [tab]: true })), []);
  const use = (tab: string) => {
    setCurrent(tab);
    if (isPanel(tab)) open(tab);
    else lastHost.current = tab;
  };
  /** Shows `tab` (side by side: in the pane in use, unless it is shown already); `focus` moves the keyboard there. */
  const show = (tab: string, focus: boolean) => {
    if (sideBySide) {
      const next = choosePane(pair, current, tab);
      if (next !== pair) onLayout({ pair: next });
    }
    use(tab);
    if (focus) setFocusTick((n) => n + 1);
  };
  const pick = (side: 0 | 1, tab: string) => {
    onLayout({ pair: setPane(pair, side, tab) });
    use(tab);
    setFocusTick((n) => n + 1);
  };

  // After the render that shows it (a hidden terminal cannot take focus).
  // biome-ignore lint/correctness/useExhaustiveDependencies(current): the tick is the trigger; the tab in use is read as this render has it (choosing a tab without focus must not take focus).
  useEffect(() => {
    if (focusTick === 0) return;
    if (isPanel(current)) tabs.current[current]?.focus();
    else terms.current[current]?.term.focus();
  }, [focusTick]);
  useEffect(() => {
    if (focusRequest > 0) setFocusTick((n) => n + 1);
  }, [focusRequest]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = order.indexOf(current);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? order.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const tab = order[(next + order.length) % order.length]!;
    show(tab, false);
    tabs.current[tab]?.focus();
  };

  // The terminal bus: a lesson's code block, a shortcut. Read through a ref: the latest tabs answer.
  const onRequest = (req: TerminalRequest): TerminalAnswer => {
    // No host named: the terminal in use, on the screen; a panel shown alone gives way to the last host used.
    const host = req.host ?? terminalInUse ?? lastHost.current;
    if (!hosts.some((h) => h.name === host)) return { ok: false, reason: 'no-such-host' };
    const t = terms.current[host];
    if (!t) return { ok: false, reason: 'no-terminal' };
    onReveal();
    show(host, true);
    if (req.text && !takesText(statuses[host])) return { ok: false, reason: 'not-connected', host };
    if (req.text) t.term.input(typedText(req.text, req.run));
    return { ok: true, host };
  };
  const requests = useRef(onRequest);
  requests.current = onRequest;
  useEffect(() => {
    const stop = listenForTerminalRequests((r) => requests.current(r));
    const hook = exposeSendForTests(sendToTerminal);
    return () => {
      hook.dispose();
      stop();
    };
  }, []);

  // The on-screen keys (phones, tablets): a sticky Ctrl for the next key, typed or on screen.
  const arm = (on: boolean) => {
    ctrlArmed.current = on;
    setCtrl(on);
  };
  const transformInput = useCallback((data: string) => {
    if (!ctrlArmed.current || !isPrintable(data)) return data;
    ctrlArmed.current = false;
    setCtrl(false);
    return withCtrl(data);
  }, []);
  const sendKey = (key: ScreenKey) => {
    const t = terminalInUse ? terms.current[terminalInUse] : undefined;
    if (!t) return;
    const bytes = keyBytes(key, { ctrl: ctrlArmed.current, appCursor: t.term.modes.applicationCursorKeysMode });
    arm(false);
    t.term.input(bytes);
  };

  // A remembered pair may show a panel before its tab was ever chosen: it opens then.
  const shownPanels = PANEL_TABS.filter((p) => place(p.key) !== 'hidden')
    .map((p) => p.key)
    .join();
  useEffect(() => {
    for (const key of shownPanels.split(',')) if (key) open(key);
  }, [shownPanels, open]);

  const onFocused = (tab: string) => {
    if (sideBySide && tab !== current && pair.includes(tab)) use(tab);
  };

  return (
    <div className={`terminals${sideBySide ? ' is-side-by-side' : ''}`}>
      <div className="terminal-bar">
        <div className="terminal-tabs" role="tablist" aria-label={tr('tabs.label')} onKeyDown={onKeyDown}>
          {hosts.map((h, n) => {
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
                aria-keyshortcuts={n < 9 ? `Control+Shift+${n + 1}` : undefined}
                tabIndex={h.name === current ? 0 : -1}
                className="terminal-tab"
                title={`${h.name}${ip ? ` (${ip})` : ''}: ${label(state)}${n < 9 ? ` · Ctrl+Shift+${n + 1}` : ''}`}
                onClick={() => show(h.name, true)}
              >
                <span className={`dot dot-${state}`} aria-hidden="true" />
                {h.name}
                <span className="visually-hidden">{tr('tabs.terminalState', { state: label(state) })}</span>
              </button>
            );
          })}
          {PANEL_TABS.map((p) => (
            <button
              key={p.key}
              ref={(el) => {
                tabs.current[p.key] = el;
              }}
              type="button"
              role="tab"
              id={`${p.id}-tab`}
              aria-controls={`${p.id}-panel`}
              aria-selected={current === p.key}
              tabIndex={current === p.key ? 0 : -1}
              className={`terminal-tab ${p.tabClass}`}
              title={tr(p.title)}
              onClick={() => show(p.key, true)}
            >
              <span className={`${p.tabClass}-mark`} aria-hidden="true">
                {p.mark}
              </span>
              {tr(p.label)}
            </button>
          ))}
        </div>
        <div className="terminal-tools">
          <button type="button" className="tool" aria-pressed={sideBySide} title={tr('tabs.sideTitle')} onClick={() => onLayout({ sideBySide: !sideBySide })}>
            {tr('tabs.side')}
          </button>
          <button type="button" className="tool" aria-pressed={layout.screenReader} title={tr('tabs.readerTitle')} onClick={() => onLayout({ screenReader: !layout.screenReader })}>
            {tr('tabs.reader')}
          </button>
        </div>
      </div>
      {sideBySide && (
        <div className="pane-heads">
          {([0, 1] as const).map((side) => (
            <label key={side} className={`pane-head${pair[side] === current ? ' is-current' : ''}`}>
              <span className="pane-head-label">{side === 0 ? tr('tabs.left') : tr('tabs.right')}</span>
              <select value={pair[side]} aria-label={side === 0 ? tr('tabs.leftPane') : tr('tabs.rightPane')} onChange={(e) => pick(side, e.target.value)}>
                {order.map((t) => (
                  <option key={t} value={t}>
                    {tabName(t)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      <div className="terminal-stack">
        {hosts.map((h) => (
          <TerminalView
            key={h.name}
            lab={lab}
            host={h.name}
            place={place(h.name)}
            screenReader={layout.screenReader}
            onStatus={onStatus}
            onLabGone={onLabGone}
            onMount={onMount}
            transformInput={transformInput}
            onFocused={onFocused}
          />
        ))}
        {PANEL_TABS.map((p) => {
          const at = place(p.key);
          const shown = at !== 'hidden';
          return (
            <div
              key={p.key}
              className={`terminal-panel ${p.panelClass}${shown ? ' is-active' : ''}${at === 'left' || at === 'right' ? ` is-${at}` : ''}`}
              role="tabpanel"
              id={`${p.id}-panel`}
              aria-labelledby={`${p.id}-tab`}
              data-testid={p.id}
              onFocus={() => onFocused(p.key)}
            >
              {(opened[p.key] || shown) && p.render({ lab, hosts, values, active: shown, onLabGone })}
            </div>
          );
        })}
      </div>
      <KeyRow ctrl={ctrl} onCtrl={() => arm(!ctrlArmed.current)} onKey={sendKey} disabled={!terminalInUse} />
    </div>
  );
}
