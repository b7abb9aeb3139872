import { useEffect } from 'react';
import { getModule, getRoadmap } from '../api.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ExerciseRow } from '../components/ExerciseRow.js';
import { Crumbs } from '../components/Crumbs.js';
import { Markdown } from '../components/Markdown.js';
import { ProgressMeter } from '../components/ProgressMeter.js';
import { GlossaryLink } from '../components/GlossaryLink.js';
import { pageTitle, useT } from '../lib/i18n.js';
import { useAsync } from '../lib/useAsync.js';
import { doneCount, useProgress } from '../lib/useProgress.js';

/** `/modules/:id`: a module's lesson, then its exercises. */
export function ModulePage({ id }: { id: string }) {
  const { t, locale } = useT();
  const lesson = useAsync(() => getModule(id), [id, locale]);
  const roadmap = useAsync(getRoadmap, [locale]);
  const progress = useProgress();
  useEffect(() => {
    if (lesson.data) document.title = pageTitle(lesson.data.title);
  }, [lesson.data]);

  if (lesson.loading && !lesson.data) return <p className="page-status">{t('module.loading')}</p>;
  if (lesson.error || !lesson.data) return <ErrorNote error={lesson.error} title={t('module.failed')} />;

  const mod = roadmap.data?.stages.flatMap((s) => s.modules).find((m) => m.id === id);
  return (
    <article className="reading module-page">
      <Crumbs current={lesson.data.title} />
      <GlossaryLink />
      {lesson.data.markdown.trim() ? <Markdown text={lesson.data.markdown} /> : <h1>{lesson.data.title}</h1>}
      {mod && mod.exercises.length > 0 && (
        <section className="module-exercises" aria-labelledby="module-exercises">
          <div className="module-exercises-head">
            <h2 id="module-exercises">{t('module.exercises')}</h2>
            {progress && <ProgressMeter done={doneCount(mod.exercises, progress)} total={mod.exercises.length} label={t('module.label', { title: mod.title })} />}
          </div>
          <ul className="exercise-list">
            {mod.exercises.map((ex) => (
              <ExerciseRow key={ex.id} exercise={ex} progress={progress} />
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
