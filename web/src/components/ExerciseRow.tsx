import type { ExerciseSummary, ProgressView } from '../api.js';
import { useT } from '../lib/i18n.js';
import { exerciseState, type ExerciseState } from '../lib/useProgress.js';
import { Link } from './Link.js';
import { Markdown } from './Markdown.js';

const stateMark: Record<ExerciseState, string> = { done: '✓', started: '◐', new: '○' };

/**
 * One exercise on the roadmap or a module page: title, where the learner stands (with progress from
 * GET /api/progress: done, in progress with tasks passed, not started; in words and a mark, not colour
 * alone), difficulty, minutes, the kernel features it needs, and its summary (inline Markdown).
 */
export function ExerciseRow({ exercise: ex, progress }: { exercise: ExerciseSummary; progress?: ProgressView | null }) {
  const { t } = useT();
  const state = progress ? exerciseState(ex, progress) : undefined;
  const passed = progress?.exercises[ex.id]?.passed ?? 0;
  return (
    <li className={`exercise-row${state ? ` is-${state}` : ''}`}>
      <div className="exercise-head">
        <Link className="exercise-link" href={`/exercises/${ex.id}`}>
          {ex.title}
        </Link>
        <span className="exercise-meta">
          {state && (
            <span className={`badge badge-state badge-${state}`} data-testid={`state-${ex.id}`}>
              <span aria-hidden="true">{stateMark[state]} </span>
              {t(`exerciseState.${state}`)}
              {state === 'started' && ex.taskCount > 0 && t('exerciseState.tasks', { passed, count: ex.taskCount })}
            </span>
          )}
          <span className={`badge badge-${ex.difficulty}`}>{t(`difficulty.${ex.difficulty}`)}</span>
          <span className="badge badge-plain" title={t('exerciseState.estimated')}>
            {t('exercise.minutes', { count: ex.minutes })}
          </span>
          {!ex.hasLab && <span className="badge badge-plain">{t('exerciseState.quiz')}</span>}
          {ex.requires.map((r) => (
            <span key={r} className="badge badge-kernel" title={t('exercise.needs', { feature: r })}>
              {r}
            </span>
          ))}
        </span>
      </div>
      {ex.summary && <Markdown inline className="exercise-summary" text={ex.summary} />}
    </li>
  );
}
