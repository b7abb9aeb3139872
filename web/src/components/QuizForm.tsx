import { useId, useState, type FormEvent } from 'react';
import { answerQuiz, type QuizAnswerResponse, type TaskView } from '../api.js';
import { ErrorNote } from './ErrorNote.js';
import { useT } from '../lib/i18n.js';
import { Markdown } from './Markdown.js';

interface Props {
  exercise: string;
  task: TaskView & { quiz: NonNullable<TaskView['quiz']> };
  onResult: (correct: boolean) => void;
}

/**
 * A quiz task answered inline: choices as radio buttons, otherwise a text field. A choice is answered
 * by its id (the same in every language), a text answer in the learner's own words.
 */
export function QuizForm({ exercise, task, onResult }: Props) {
  const { t } = useT();
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
              <label key={c.id} className="quiz-choice">
                <input type="radio" name={`${id}-choice`} value={c.id} checked={answer === c.id} onChange={() => setAnswer(c.id)} /> {c.text}
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
        <button type="submit" className="btn btn-primary" disabled={busy || !answer.trim()} aria-label={t('quiz.submitFor', { task: task.title })}>
          {busy ? t('quiz.checking') : t('quiz.answer')}
        </button>
      </fieldset>
      {error != null && <ErrorNote error={error} />}
      {result && (
        <div className={`quiz-result ${result.correct ? 'is-correct' : 'is-incorrect'}`} role="status">
          <strong>{result.correct ? t('quiz.correct') : t('quiz.incorrect')}</strong>
          {result.feedback && <span> {result.feedback}</span>}
          {result.explanation && <Markdown className="prose quiz-explanation" text={result.explanation} />}
        </div>
      )}
    </form>
  );
}
