import { getRoadmap, type RoadmapView } from '../api.js';
import { useAsync } from '../lib/useAsync.js';
import { Link } from './Link.js';

/** The exercise after `id` in the roadmap's order (across modules and stages), if any. */
function nextExercise(roadmap: RoadmapView, id: string): { id: string; title: string } | undefined {
  const all = roadmap.stages.flatMap((s) => s.modules.flatMap((m) => m.exercises));
  const i = all.findIndex((e) => e.id === id);
  return i >= 0 ? all[i + 1] : undefined;
}

/** The banner once every task of the exercise passes: said plainly, with where to go next. */
export function ExerciseComplete({ exercise, taskCount }: { exercise: string; taskCount: number }) {
  const { data: roadmap } = useAsync(getRoadmap, []);
  const next = roadmap && nextExercise(roadmap, exercise);
  return (
    <section className="exercise-complete" aria-labelledby="exercise-complete-heading">
      <h3 id="exercise-complete-heading">
        <span aria-hidden="true">✓ </span>Exercise complete
      </h3>
      <p>
        All {taskCount} task{taskCount === 1 ? '' : 's'} pass.{' '}
        {next ? (
          <>
            Next: <Link href={`/exercises/${next.id}`}>{next.title}</Link>, or <Link href="/">back to the roadmap</Link>.
          </>
        ) : (
          roadmap && (
            <>
              That was the last exercise of the course. <Link href="/">Back to the roadmap</Link>.
            </>
          )
        )}
      </p>
    </section>
  );
}
