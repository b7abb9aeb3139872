import { useEffect } from 'react';
import { getRoadmap } from '../api.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Markdown } from '../components/Markdown.js';
import { ModuleCard } from '../components/ModuleCard.js';
import { ProgressMeter } from '../components/ProgressMeter.js';
import { pageTitle, useT } from '../lib/i18n.js';
import { useAsync } from '../lib/useAsync.js';
import { doneCount, useProgress } from '../lib/useProgress.js';

/** `/`: the course roadmap, stage by stage. */
export function RoadmapPage() {
  const { t, locale } = useT();
  const { data: roadmap, error, loading } = useAsync(getRoadmap, [locale]);
  const progress = useProgress();
  useEffect(() => {
    if (roadmap) document.title = pageTitle(roadmap.title);
  }, [roadmap]);

  if (loading && !roadmap) return <p className="page-status">{t('roadmap.loading')}</p>;
  if (error || !roadmap) return <ErrorNote error={error} title={t('roadmap.failed')} />;

  const titles = new Map(roadmap.stages.flatMap((s) => s.modules.map((m) => [m.id, m.title] as const)));
  return (
    <div className="roadmap">
      <header className="page-head">
        <h1>{roadmap.title}</h1>
        {roadmap.summary && <p className="lead">{roadmap.summary}</p>}
      </header>
      <ol className="stages">
        {roadmap.stages.map((stage, i) => {
          const exercises = stage.modules.flatMap((m) => m.exercises);
          return (
            <li key={stage.id} className="stage">
              <section aria-labelledby={`stage-${stage.id}`}>
                <div className="stage-head">
                  <h2 id={`stage-${stage.id}`} className="stage-title">
                    <span className="stage-number">{t('roadmap.stage', { n: i + 1 })}</span> {stage.title}
                  </h2>
                  {progress && exercises.length > 0 && (
                    <ProgressMeter className="stage-meter" done={doneCount(exercises, progress)} total={exercises.length} label={t('roadmap.stageLabel', { n: i + 1, title: stage.title })} />
                  )}
                </div>
                {stage.summary && <Markdown className="stage-summary" text={stage.summary} />}
                <div className="modules">
                  {stage.modules.map((m) => (
                    <ModuleCard key={m.id} module={m} progress={progress} titles={titles} />
                  ))}
                </div>
              </section>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
