import type { CheckStatus, Results, TaskView } from '../api.js';
import { CheckResults } from './CheckResults.js';
import { ErrorNote } from './ErrorNote.js';
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

const statusWord = { pass: 'done', fail: 'not passing yet', error: 'checker error' } as const;

/** One task: its text, Check (or the quiz), hints and the solution. TaskList holds its state. */
export function TaskItem({ exercise, task, index, values, labId, status, results, checking, error, onCheck, onQuizResult }: Props) {
  return (
    <li className={`task${status ? ` task-${status}` : ''}`} id={`task-${task.id}`} data-testid={`task-${task.id}`}>
      <h3 className="task-title">
        <span className="task-number" aria-hidden="true">
          {status === 'pass' ? '✓' : index + 1}
        </span>
        <Markdown inline text={task.title} values={values} />
        {status && <span className="visually-hidden"> ({statusWord[status]})</span>}
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
            aria-label={`Check task "${task.title}"`}
            title={labId ? `Runs ${task.checks.length} check${task.checks.length === 1 ? '' : 's'} in the lab` : 'Start the lab first'}
            onClick={onCheck}
          >
            {checking ? 'Checking…' : 'Check'}
          </button>
          {!labId && <span className="muted">Start the lab to check this task.</span>}
        </div>
      )}
      {error != null && <ErrorNote error={error} title="Could not run the checks." />}
      {results && !checking && <CheckResults results={results} />}
      <div className="task-help">
        <Hints hints={task.hints} values={values} taskTitle={task.title} />
        {task.hasSolution && <Solution exercise={exercise} task={task.id} taskTitle={task.title} />}
      </div>
    </li>
  );
}
