import type { ExerciseSummary } from '../api.js';
import { Link } from './Link.js';

/** One exercise on the roadmap: title, summary, difficulty, minutes, the kernel features it needs. */
export function ExerciseRow({ exercise: ex, done }: { exercise: ExerciseSummary; done?: boolean }) {
  return (
    <li className={`exercise-row${done ? ' is-done' : ''}`}>
      <div className="exercise-head">
        <Link className="exercise-link" href={`/exercises/${ex.id}`}>
          {done && <span aria-label="done">✓ </span>}
          {ex.title}
        </Link>
        <span className="exercise-meta">
          <span className={`badge badge-${ex.difficulty}`}>{ex.difficulty}</span>
          <span className="badge badge-plain" title="Estimated time">
            {ex.minutes} min
          </span>
          {!ex.hasLab && <span className="badge badge-plain">quiz</span>}
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
