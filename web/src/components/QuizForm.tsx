import { useId, useState, type FormEvent } from 'react';
import { answerQuiz, type QuizAnswerResponse, type TaskView } from '../api.js';
import { ErrorNote } from './ErrorNote.js';
import { Markdown } from './Markdown.js';

interface Props {
  exercise: string;
  task: TaskView & { quiz: NonNullable<TaskView['quiz']> };
  onResult: (correct: boolean) => void;
}

/** A quiz task answered inline: choices as radio buttons, otherwise a text field. */
export function QuizForm({ exercise, task, onResult }: Props) {
  const [answer, setAnswer] = useState('');
  const [result, setResult] = useState<QuizAnswerResponse>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const { question, choices } = task.quiz;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!answer.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await answerQuiz(exercise, task.id, answer);
      setResult(r);
      onResult(r.correct);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="quiz" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend id={`${id}-q`}>{question}</legend>
        {choices?.length ? (
          <div className="quiz-choices" role="radiogroup" aria-labelledby={`${id}-q`}>
            {choices.map((c) => (
              <label key={c} className="quiz-choice">
                <input type="radio" name={`${id}-choice`} value={c} checked={answer === c} onChange={() => setAnswer(c)} /> {c}
              </label>
            ))}
          </div>
        ) : (
          <input
            className="quiz-input"
            type="text"
            value={answer}
            aria-labelledby={`${id}-q`}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setAnswer(e.target.value)}
          />
        )}
        <button type="submit" className="btn btn-primary" disabled={busy || !answer.trim()} aria-label={`Submit your answer to "${task.title}"`}>
          {busy ? 'Checking…' : 'Answer'}
        </button>
      </fieldset>
      {error != null && <ErrorNote error={error} />}
      {result && (
        <div className={`quiz-result ${result.correct ? 'is-correct' : 'is-incorrect'}`} role="status">
          <strong>{result.correct ? 'Correct.' : 'Not quite.'}</strong>
          {result.feedback && <span> {result.feedback}</span>}
          {result.explanation && <Markdown className="prose quiz-explanation" text={result.explanation} />}
        </div>
      )}
    </form>
  );
}
