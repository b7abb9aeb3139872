import { getRoadmap, type RoadmapView } from '../api.js';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../lib/i18n.js';
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
  const { t, locale } = useT();
  const { data: roadmap } = useAsync(getRoadmap, [locale]);
  const next = roadmap && nextExercise(roadmap, exercise);
  return (
    <section className="exercise-complete" aria-labelledby="exercise-complete-heading">
      <h3 id="exercise-complete-heading">
        <span aria-hidden="true">✓ </span>
        {t('complete.title')}
      </h3>
      <p>
        {t('complete.allPass', { count: taskCount })}{' '}
        {next ? (
          <Trans i18n={i18n} i18nKey="complete.next" values={{ title: next.title }} components={{ next: <Link href={`/exercises/${next.id}`} />, back: <Link href="/" /> }} />
        ) : (
          roadmap && <Trans i18n={i18n} i18nKey="complete.last" components={{ back: <Link href="/" /> }} />
        )}
      </p>
    </section>
  );
}
