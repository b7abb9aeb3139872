import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { getExercise, type ExerciseView } from '../api.js';
import { CodeRunScope } from '../components/CodeRunScope.js';
import { Crumbs } from '../components/Crumbs.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { LabPane } from '../components/LabPane.js';
import { Markdown } from '../components/Markdown.js';
import { ShortcutsDialog } from '../components/ShortcutsDialog.js';
import { SplitHandle } from '../components/SplitHandle.js';
import { TaskList } from '../components/TaskList.js';
import { GlossaryLink } from '../components/GlossaryLink.js';
import { pageTitle, useT } from '../lib/i18n.js';
import { placeOf, RUN_CHECK_EVENT, type ShortcutAction, shortcutOf } from '../lib/shortcuts.js';
import { sendToTerminal, terminalsListening } from '../lib/terminalBus.js';
import { useAsync } from '../lib/useAsync.js';
import { useLab } from '../lib/useLab.js';
import { useLabLayout } from '../lib/useLabLayout.js';
import { useProgress } from '../lib/useProgress.js';

/** `/exercises/:id`: the lesson and tasks (light, reading) beside the lab (dark, terminals). */
export function ExercisePage({ id }: { id: string }) {
  const { t, locale } = useT();
  const { data: exercise, error, loading } = useAsync(() => getExercise(id), [id, locale]);
  useEffect(() => {
    if (exercise) document.title = pageTitle(exercise.title);
  }, [exercise]);

  // A language switch refetches the exercise: the page keeps showing the old text meanwhile (useAsync
  // keeps it), so the lab pane and its terminals are not torn down and built again.
  if (loading && !exercise) return <p className="page-status">{t('exercise.loading')}</p>;
  if (error || !exercise) return <ErrorNote error={error} title={t('exercise.failed')} />;
  return <CodeRunScope lab={exercise.lab}><Exercise exercise={exercise} /></CodeRunScope>;
}

/**
 * The page as the learner arranged it (lib/layout.ts, remembered): the lesson and the lab side by
 * side with a handle between them, or the lab maximised; on a phone one of the two at a time, with
 * a switch. Its keyboard shortcuts (lib/shortcuts.ts) are listened for here, on the whole page.
 */
function Exercise({ exercise }: { exercise: ExerciseView }) {
  const { t } = useT();
  const hasLab = Boolean(exercise.lab);
  const handle = useLab(exercise.id, hasLab);
  const progress = useProgress();
  const lab = handle.lab;
  const values = lab && lab.state !== 'gone' ? lab.values : undefined;
  const readyLab = lab?.state === 'ready' ? lab.id : undefined;
  const ownTitle = !/^\s*#\s/.test(exercise.lesson);

  const [layout, changeLayout] = useLabLayout();
  /** On a phone (lab-layout.css): which pane is shown. */
  const [phonePane, setPhonePane] = useState<'lesson' | 'lab'>('lesson');
  const [helpOpen, setHelpOpen] = useState(false);
  const [resizing, setResizing] = useState(false);
  const [lessonFocus, setLessonFocus] = useState(0);
  const page = useRef<HTMLDivElement>(null);
  const lesson = useRef<HTMLElement>(null);
  const maximised = hasLab && layout.maximised;

  // After the render that shows it (restored from maximised, or switched to on a phone).
  useEffect(() => {
    if (lessonFocus > 0) lesson.current?.focus();
  }, [lessonFocus]);

  const toLesson = () => {
    if (maximised) changeLayout({ maximised: false });
    setPhonePane('lesson');
    setLessonFocus((n) => n + 1);
  };
  /** The terminal in use (or host `host`'s) is shown and focused, through the terminal bus. */
  const toTerminal = (host?: string) => {
    setPhonePane('lab');
    if (terminalsListening()) sendToTerminal({ text: '', host, run: false });
    else document.getElementById('lab-pane')?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  };

  const act = (action: ShortcutAction, target: EventTarget | null) => {
    switch (action.kind) {
      case 'host': {
        const host = (lab?.hosts ?? exercise.lab?.hosts ?? [])[action.index]?.name;
        if (host) toTerminal(host);
        return;
      }
      case 'lesson-lab':
        if (target instanceof Element && target.closest('#lab-pane')) toLesson();
        else if (hasLab) toTerminal();
        return;
      case 'check':
        window.dispatchEvent(new CustomEvent(RUN_CHECK_EVENT));
        return;
      case 'maximise':
        if (hasLab) changeLayout({ maximised: !layout.maximised });
        return;
      case 'help':
        setHelpOpen(true);
        return;
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || helpOpen) return;
    const at = placeOf(e.target);
    if (e.key === 'Escape' && maximised && !at.inTerminal && !(e.target instanceof Element && e.target.closest('.confirm, select, dialog'))) {
      changeLayout({ maximised: false });
      return;
    }
    const action = shortcutOf(e, at);
    if (!action) return;
    // Taken before xterm.js sees it: a shortcut never reaches the shell.
    e.preventDefault();
    e.stopPropagation();
    act(action, e.target);
  };
  const keys = useRef(onKey);
  keys.current = onKey;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);

  const reading = (
    <article className="reading-pane" id="lesson-pane" aria-label={t('exercise.lessonPane')} ref={lesson} tabIndex={-1}>
      <Crumbs module={exercise.module} current={exercise.title} />
      <GlossaryLink />
      {ownTitle && <h1>{exercise.title}</h1>}
      <p className="exercise-meta">
        <span className={`badge badge-${exercise.difficulty}`}>{t(`difficulty.${exercise.difficulty}`)}</span>
        <span className="badge badge-plain">{t('exercise.minutes', { count: exercise.minutes })}</span>
        {exercise.requires.map((r) => (
          <span key={r} className="badge badge-kernel" title={t('exercise.needs', { feature: r })}>
            {r}
          </span>
        ))}
      </p>
      <Markdown text={exercise.lesson} values={values} />
      <TaskList exercise={exercise.id} tasks={exercise.tasks} values={values} labId={readyLab} progress={progress} />
    </article>
  );
  const help = <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />;

  if (!hasLab) {
    return (
      <div className="exercise-page no-lab">
        {reading}
        {help}
      </div>
    );
  }
  const classes = ['exercise-page', 'has-lab', 'lab-layout', `show-${phonePane}`, maximised ? 'is-maximised' : '', resizing ? 'is-resizing' : ''];
  return (
    <div ref={page} className={classes.filter(Boolean).join(' ')} style={{ '--lesson-width': `${layout.lessonPct}%` } as CSSProperties}>
      <fieldset className="pane-switch" aria-label={t('exercise.paneSwitch')}>
        <button type="button" aria-pressed={phonePane === 'lesson'} onClick={() => setPhonePane('lesson')}>
          {t('exercise.lesson')}
        </button>
        <button type="button" aria-pressed={phonePane === 'lab'} onClick={() => setPhonePane('lab')}>
          {t('exercise.lab')}
          {lab && lab.state !== 'gone' ? ` · ${t(`labState.${lab.state}`)}` : ''}
        </button>
      </fieldset>
      {reading}
      <SplitHandle value={layout.lessonPct} onChange={(lessonPct) => changeLayout({ lessonPct })} controls="lesson-pane" container={page} onDragging={setResizing} />
      <LabPane exercise={exercise} handle={handle} layout={layout} onLayout={changeLayout} onHelp={() => setHelpOpen(true)} onReveal={() => setPhonePane('lab')} />
      {help}
    </div>
  );
}
