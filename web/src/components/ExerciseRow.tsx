import type { ExerciseSummary } from '../api.js';
import { Link } from './Link.js';

/** One exercise on the roadmap: title, summary, difficulty, minutes, the kernel features it needs. */
/** `passed`: tasks passed so far, from GET /api/progress (the summary has no task count, so no "done" mark yet). */
export function ExerciseRow({ exercise: ex, passed }: { exercise: ExerciseSummary; passed?: number }) {
  return (
    <li className={`exercise-row${passed ? ' is-started' : ''}`}>
      <div className="exercise-head">
        <Link className="exercise-link" href={`/exercises/${ex.id}`}>
          {ex.title}
        </Link>
        <span className="exercise-meta">
          <span className={`badge badge-${ex.difficulty}`}>{ex.difficulty}</span>
          <span className="badge badge-plain" title="Estimated time">
            {ex.minutes} min
          </span>
          {!ex.hasLab && <span className="badge badge-plain">quiz</span>}
          {passed ? (
            <span className="badge badge-progress" title="From your progress">
              ✓ {passed} task{passed === 1 ? '' : 's'} passed
            </span>
          ) : null}
          {ex.requires.map((r) => (
            <span key={r} className="badge badge-kernel" title={`Needs the kernel feature "${r}"`}>
              {r}
            </span>
          ))}
        </span>
      </div>
      {ex.summary && <p className="exercise-summary">{ex.summary}</p>}
    </li>
  );
}
