import { useCallback, useEffect, useRef, useState } from 'react';
import { runChecks, type CheckStatus, type ProgressView, type Results, type TaskView } from '../api.js';
import { t as translate, useT } from '../lib/i18n.js';
import { RUN_CHECK_EVENT } from '../lib/shortcuts.js';
import { CheckHistory } from './CheckHistory.js';
import { ErrorNote } from './ErrorNote.js';
import { ExerciseComplete } from './ExerciseComplete.js';
import { ProgressMeter } from './ProgressMeter.js';
import { TaskItem } from './TaskItem.js';

interface Props {
  exercise: string;
  tasks: TaskView[];
  values?: Record<string, string>;
  labId?: string;
  progress?: ProgressView | null;
}

/** The key of a Check all run in the maps below (task ids are lower-case words: no clash). */
const ALL = '*';

/**
 * The exercise's tasks and everything about checking them: each task's Check, Check all (every task's
 * checks in one run, the results shown under each task), the exercise-complete banner once every task
 * passes, and the learner's check history. A task's status is its last verdict on this page, else a
 * pass from earlier visits (GET /api/progress).
 */
export function TaskList({ exercise, tasks, values, labId, progress }: Props) {
  const { t } = useT();
  const known = progress?.exercises[exercise]?.tasks;
  const [results, setResults] = useState<Record<string, Results>>({});
  const [quiz, setQuiz] = useState<Record<string, boolean>>({});
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  /** The same keys at once (state shows on the next render: a second shortcut press may come first). */
  const inFlight = useRef(new Set<string>());
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [note, setNote] = useState('');
  const [runs, setRuns] = useState(0); // check runs finished here: the history reloads after each

  const statusOf = (t: TaskView): CheckStatus | undefined =>
    t.id in quiz ? (quiz[t.id] ? 'pass' : 'fail') : (results[t.id]?.status ?? (known?.[t.id] === 'pass' ? 'pass' : undefined));
  const passed = tasks.filter((t) => statusOf(t) === 'pass').length;
  const complete = tasks.length > 0 && passed === tasks.length;
  const checkable = tasks.filter((t) => !t.quiz);

  const run = useCallback(
    /** One task's checks (`announce`: say the verdict in the note, naming this title), or all with no task. */
    async (task?: string, announce?: string) => {
      if (!labId) return;
      const key = task ?? ALL;
      inFlight.current.add(key);
      setChecking((c) => new Set(c).add(key));
      setErrors(({ [key]: _, ...rest }) => rest);
      try {
        const r = await runChecks(labId, task);
        const byTask = splitByTask(r);
        setResults((prev) => ({ ...prev, ...byTask }));
        if (!task) setNote(summaryOf(byTask));
        else if (announce) setNote(translate('tasks.verdict', { task: announce, verdict: translate(`tasks.verdicts.${byTask[task]?.status ?? r.status}`) }));
      } catch (e) {
        setErrors((prev) => ({ ...prev, [key]: e }));
      } finally {
        inFlight.current.delete(key);
        setChecking((c) => {
          const next = new Set(c);
          next.delete(key);
          return next;
        });
        setRuns((n) => n + 1);
      }
    },
    [labId],
  );

  // The shortcut: check the first task not passed yet (a quiz gets the focus instead).
  const latest = useRef({ tasks, statusOf, run, labId });
  latest.current = { tasks, statusOf, run, labId };
  useEffect(() => {
    const onRunCheck = () => {
      const { tasks, statusOf, run, labId } = latest.current;
      const next = tasks.find((t) => statusOf(t) !== 'pass');
      if (!next) return setNote(translate('complete.allPass', { count: tasks.length }));
      const item = document.getElementById(`task-${next.id}`);
      item?.scrollIntoView({ block: 'nearest' });
      if (next.quiz) return item?.querySelector<HTMLElement>('input')?.focus();
      if (!labId) return setNote(translate('tasks.startToCheck', { task: next.title }));
      if (inFlight.current.has(next.id) || inFlight.current.has(ALL)) return; // its check runs already (the Check button is off meanwhile)
      setNote(translate('tasks.checking', { task: next.title }));
      void run(next.id, next.title);
    };
    window.addEventListener(RUN_CHECK_EVENT, onRunCheck);
    return () => window.removeEventListener(RUN_CHECK_EVENT, onRunCheck);
  }, []);

  const checkingAll = checking.has(ALL);
  return (
    <section className="tasks" aria-labelledby="tasks-heading">
      <div className="tasks-head">
        <h2 id="tasks-heading">{t('tasks.title')}</h2>
        <ProgressMeter done={passed} total={tasks.length} label={t('tasks.title')} />
        {checkable.length > 0 && (
          <button
            type="button"
            className="btn"
            disabled={!labId || checkingAll}
            title={labId ? t('tasks.runsAll', { count: checkable.length }) : t('task.startFirst')}
            onClick={() => void run()}
          >
            {checkingAll ? t('tasks.checkingAll') : t('tasks.checkAll')}
          </button>
        )}
      </div>
      <p className="tasks-note" role="status">
        {note}
      </p>
      {errors[ALL] != null && <ErrorNote error={errors[ALL]} title={t('task.checkFailed')} />}
      {complete && <ExerciseComplete exercise={exercise} taskCount={tasks.length} />}
      <ol className="task-list">
        {tasks.map((t, i) => (
          <TaskItem
            key={t.id}
            exercise={exercise}
            task={t}
            index={i}
            values={values}
            labId={labId}
            status={statusOf(t)}
            results={results[t.id]}
            checking={checking.has(t.id) || (checkingAll && !t.quiz)}
            error={errors[t.id]}
            onCheck={() => void run(t.id)}
            onQuizResult={(correct) => setQuiz((q) => ({ ...q, [t.id]: correct }))}
          />
        ))}
      </ol>
      <CheckHistory exercise={exercise} tasks={tasks} runs={runs} />
    </section>
  );
}

/** One run's results as one Results per task (a task's status is its worst check's). */
function splitByTask(r: Results): Record<string, Results> {
  const byTask: Record<string, Results> = {};
  for (const t of r.tests) {
    byTask[t.task_id] ??= { version: 3, status: 'pass', message: '', tests: [] };
    const mine = byTask[t.task_id]!;
    mine.tests.push(t);
    if (t.status === 'error' || (t.status === 'fail' && mine.status === 'pass')) mine.status = t.status;
  }
  return byTask;
}

function summaryOf(byTask: Record<string, Results>): string {
  const all = Object.values(byTask);
  const ok = all.filter((r) => r.status === 'pass').length;
  return ok === all.length ? translate('tasks.allChecked', { count: all.length }) : translate('tasks.someChecked', { ok, count: all.length });
}
