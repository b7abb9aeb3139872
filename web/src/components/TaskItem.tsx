import { useState } from 'react';
import { runChecks, type CheckStatus, type Results, type TaskView } from '../api.js';
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
  /** Known status from progress (GET /api/progress), if the server offers it. */
  known?: string;
}

/** One task: its text, Check (or the quiz), hints and the solution. */
export function TaskItem({ exercise, task, index, values, labId, known }: Props) {
  const [results, setResults] = useState<Results>();
  const [quizCorrect, setQuizCorrect] = useState<boolean>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>();

  const check = async () => {
    if (!labId) return;
    setChecking(true);
    setError(undefined);
    try {
      setResults(await runChecks(labId, task.id));
    } catch (e) {
      setError(e);
    } finally {
      setChecking(false);
    }
  };

  const status: CheckStatus | undefined =
    quizCorrect !== undefined ? (quizCorrect ? 'pass' : 'fail') : (results?.status ?? (known === 'pass' ? 'pass' : undefined));

  return (
    <li className={`task${status ? ` task-${status}` : ''}`} id={`task-${task.id}`} data-testid={`task-${task.id}`}>
      <h3 className="task-title">
        <span className="task-number" aria-hidden="true">
          {status === 'pass' ? '✓' : index + 1}
        </span>
        <Markdown inline text={task.title} values={values} />
        {status === 'pass' && <span className="visually-hidden"> (done)</span>}
      </h3>
      <Markdown text={task.text} values={values} />
      {task.quiz ? (
        <QuizForm exercise={exercise} task={{ ...task, quiz: task.quiz }} onResult={setQuizCorrect} />
      ) : (
        <div className="task-check">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!labId || checking}
            aria-label={`Check task "${task.title}"`}
            title={labId ? `Runs ${task.checks.length} check${task.checks.length === 1 ? '' : 's'} in the lab` : 'Start the lab first'}
            onClick={() => void check()}
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
