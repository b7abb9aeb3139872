import type { ModuleView, ProgressView } from '../api.js';
import { useT } from '../lib/i18n.js';
import { doneCount } from '../lib/useProgress.js';
import { ExerciseRow } from './ExerciseRow.js';
import { Link } from './Link.js';
import { Markdown } from './Markdown.js';
import { ProgressMeter } from './ProgressMeter.js';

export function ModuleCard({ module: m, progress, titles }: { module: ModuleView; progress: ProgressView | null; titles: Map<string, string> }) {
  const { t } = useT();
  return (
    <article className="module-card" aria-labelledby={`module-${m.id}`}>
      <header className="module-head">
        <h3 id={`module-${m.id}`}>{m.title}</h3>
        <Link className="module-lesson-link" href={`/modules/${m.id}`} aria-label={t('moduleCard.readLabel', { title: m.title })}>
          {t('moduleCard.read')}
        </Link>
      </header>
      {m.summary && <Markdown inline className="module-summary" text={m.summary} />}
      {m.prerequisites.length > 0 && (
        <p className="module-prereq muted">{t('moduleCard.after', { list: m.prerequisites.map((p) => titles.get(p) ?? p).join(t('glossary.listSeparator')) })}</p>
      )}
      {progress && m.exercises.length > 0 && (
        <ProgressMeter className="module-meter" done={doneCount(m.exercises, progress)} total={m.exercises.length} label={t('module.label', { title: m.title })} />
      )}
      {m.exercises.length > 0 ? (
        <ul className="exercise-list">
          {m.exercises.map((ex) => (
            <ExerciseRow key={ex.id} exercise={ex} progress={progress} />
          ))}
        </ul>
      ) : (
        <p className="module-empty muted">{t('moduleCard.empty')}</p>
      )}
    </article>
  );
}
