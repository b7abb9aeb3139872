import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { ApiError, type ExerciseView } from '../api.js';
import { useT } from '../lib/i18n.js';
import type { LabLayout } from '../lib/layout.js';
import type { LabHandle } from '../lib/useLab.js';
import '../styles/lab-layout.css';
import { CapacityNote } from './CapacityNote.js';
import { ConfirmButton } from './ConfirmButton.js';
import { ErrorNote } from './ErrorNote.js';
import { LabClock } from './LabClock.js';
import { LabProgress } from './LabProgress.js';

// xterm.js and its renderers are most of the app's weight: loaded only on exercise pages with a lab.
const loadTerminals = () => import('./TerminalTabs.js');
const TerminalTabs = lazy(() => loadTerminals().then((m) => ({ default: m.TerminalTabs })));

interface Props {
  exercise: ExerciseView;
  handle: LabHandle;
  layout: LabLayout;
  onLayout: (change: Partial<LabLayout>) => void;
  /** Open the keyboard shortcuts dialog. */
  onHelp: () => void;
  /** Show the lab pane (phones show the lesson or the lab). */
  onReveal: () => void;
}

/** The dark side of the exercise page: start the lab, watch it start, then one terminal per host. */
export function LabPane({ exercise, handle, layout, onLayout, onHelp, onReveal }: Props) {
  const { t } = useT();
  const { lab, loaded, pending, error } = handle;
  const [focusRequest, setFocusRequest] = useState(0);
  const previous = useRef(lab?.state);
  const startButton = useRef<HTMLButtonElement>(null);

  useEffect(() => void loadTerminals(), []); // fetch while the learner reads, not when the lab is ready

  // When a lab the learner just started (or reset) becomes ready, the terminal takes focus.
  useEffect(() => {
    if (previous.current === 'starting' && lab?.state === 'ready') setFocusRequest((n) => n + 1);
    previous.current = lab?.state;
  }, [lab?.state]);

  const hosts = exercise.lab?.hosts ?? [];
  const running = lab && lab.state !== 'gone';
  const full = error instanceof ApiError && error.code === 'CAPACITY' ? error : undefined;

  return (
    <section className="lab-pane" id="lab-pane" aria-label={t('exercise.lab')}>
      <header className="lab-bar">
        <h2 className="lab-title">
          {t('exercise.lab')} <span className="lab-hosts">{hosts.map((h) => h.name).join(' · ')}</span>
        </h2>
        {running && <span className={`lab-state state-${lab.state}`}>{t(`labState.${lab.state}`)}</span>}
        {running && (lab.state === 'ready' || lab.state === 'failed') && <LabClock lab={lab} extending={pending === 'extend'} onExtend={() => void handle.extend()} />}
        <div className="lab-actions">
          {running && (
            <>
              <ConfirmButton
                label={t('lab.reset')}
                ariaLabel={t('lab.resetLabel')}
                question={t('lab.resetQuestion')}
                confirmLabel={t('lab.resetConfirm')}
                disabled={!!pending || lab.state === 'starting'}
                onConfirm={() => void handle.reset()}
              />
              <ConfirmButton
                label={t('lab.stop')}
                ariaLabel={t('lab.stopLabel')}
                question={t('lab.stopQuestion')}
                confirmLabel={t('lab.stopConfirm')}
                disabled={!!pending}
                onConfirm={() => void handle.stop()}
              />
            </>
          )}
          <button
            type="button"
            className="btn btn-icon lab-maximise"
            aria-pressed={layout.maximised}
            aria-keyshortcuts="Control+Shift+F"
            title={layout.maximised ? t('lab.restoreTitle') : t('lab.maximiseTitle')}
            onClick={() => onLayout({ maximised: !layout.maximised })}
          >
            {layout.maximised ? t('lab.restore') : t('lab.maximise')}
          </button>
          <button type="button" className="btn btn-icon" aria-label={t('shortcuts.title')} aria-keyshortcuts="Control+Shift+/" title={t('lab.shortcutsTitle')} onClick={onHelp}>
            ?
          </button>
        </div>
      </header>
      {full ? <CapacityNote error={full} retrying={pending === 'start'} onRetry={() => void handle.start()} /> : error != null && <ErrorNote error={error} />}
      <div className="lab-body">
        {!loaded && <p className="lab-empty">{t('lab.looking')}</p>}
        {loaded && !running && (
          <div className="lab-empty">
            {handle.ended && (
              <p className="lab-ended" role="status">
                {t('lab.ended')}
              </p>
            )}
            <p>
              {t('lab.intro', { count: hosts.length, hosts: hosts.map((h) => h.name).join(', ') })}
            </p>
            <button ref={startButton} type="button" className="btn btn-primary btn-big" disabled={pending === 'start'} onClick={() => void handle.start()}>
              {pending === 'start' ? t('lab.starting') : t('lab.start')}
            </button>
            {pending === 'start' && (
              // The server answers once the lab has an engine: a vm engine boots on first need, first.
              <p className="lab-wait" role="status" aria-live="polite">
                {t('lab.finding')}
                {exercise.requires.length > 0 && t('lab.needsVm', { features: exercise.requires.join(', ') })}
              </p>
            )}
          </div>
        )}
        {running && lab.state !== 'ready' && <LabProgress lab={lab} />}
        {running && lab.state === 'ready' && (
          <Suspense fallback={<p className="terminals-loading">{t('lab.opening')}</p>}>
            <TerminalTabs lab={lab.id} hosts={lab.hosts} values={lab.values} focusRequest={focusRequest} onLabGone={() => void handle.refresh()} layout={layout} onLayout={onLayout} onReveal={onReveal} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
