import type { CheckStatus, Results, TaskView } from '../api.js';
import { CheckResults } from './CheckResults.js';
import { ErrorNote } from './ErrorNote.js';
import { useT } from '../lib/i18n.js';
import { Hints } from './Hints.js';
import { Markdown } from './Markdown.js';
import { QuizForm } from './QuizForm.js';
import { Solution } from './Solution.js';

interface Props {
  exercise: string;
  task: TaskView;
  index: number;
  values?: Record<string, string>;
  /** The id of the running (ready) lab, when there is one. */
  labId?: string;
  /** What the task stands at: its last check's verdict here, else a pass from progress. */
  status?: CheckStatus;
  /** The task's last check results (its own Check, or its part of Check all). */
  results?: Results;
  checking: boolean;
  error?: unknown;
  onCheck: () => void;
  onQuizResult: (correct: boolean) => void;
}

/** One task: its text, Check (or the quiz), hints and the solution. TaskList holds its state. */
export function TaskItem({ exercise, task, index, values, labId, status, results, checking, error, onCheck, onQuizResult }: Props) {
  const { t } = useT();
  return (
    <li className={`task${status ? ` task-${status}` : ''}`} id={`task-${task.id}`} data-testid={`task-${task.id}`}>
      <h3 className="task-title">
        <span className="task-number" aria-hidden="true">
          {status === 'pass' ? '✓' : index + 1}
        </span>
        <Markdown inline text={task.title} values={values} />
        {status && <span className="visually-hidden">{t(`task.status.${status}`)}</span>}
      </h3>
      <Markdown text={task.text} values={values} />
      {task.quiz ? (
        <QuizForm exercise={exercise} task={{ ...task, quiz: task.quiz }} onResult={onQuizResult} />
      ) : (
        <div className="task-check">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!labId || checking}
            aria-label={t('task.checkLabel', { task: task.title })}
            title={labId ? t('task.runs', { count: task.checks.length }) : t('task.startFirst')}
            onClick={onCheck}
          >
            {checking ? t('task.checking') : t('task.check')}
          </button>
          {!labId && <span className="muted">{t('task.startToCheck')}</span>}
        </div>
      )}
      {error != null && <ErrorNote error={error} title={t('task.checkFailed')} />}
      {results && !checking && <CheckResults results={results} />}
      <div className="task-help">
        <Hints hints={task.hints} values={values} taskTitle={task.title} />
        {task.hasSolution && <Solution exercise={exercise} task={task.id} taskTitle={task.title} />}
      </div>
    </li>
  );
}
