import { useEffect } from 'react';
import { getExercise, type ExerciseView } from '../api.js';
import { CodeRunScope } from '../components/CodeRunScope.js';
import { Crumbs } from '../components/Crumbs.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { LabPane } from '../components/LabPane.js';
import { Markdown } from '../components/Markdown.js';
import { TaskList } from '../components/TaskList.js';
import { useAsync } from '../lib/useAsync.js';
import { useLab } from '../lib/useLab.js';
import { useProgress } from '../lib/useProgress.js';

/** `/exercises/:id`: the lesson and tasks (light, reading) beside the lab (dark, terminals). */
export function ExercisePage({ id }: { id: string }) {
  const { data: exercise, error, loading } = useAsync(() => getExercise(id), [id]);
  useEffect(() => {
    if (exercise) document.title = `${exercise.title} · opslab`;
  }, [exercise]);

  if (loading) return <p className="page-status">Loading the exercise…</p>;
  if (error || !exercise) return <ErrorNote error={error} title="The exercise could not be loaded." />;
  return <CodeRunScope lab={exercise.lab}><Exercise exercise={exercise} /></CodeRunScope>;
}

function Exercise({ exercise }: { exercise: ExerciseView }) {
  const hasLab = Boolean(exercise.lab);
  const handle = useLab(exercise.id, hasLab);
  const progress = useProgress();
  const lab = handle.lab;
  const values = lab && lab.state !== 'gone' ? lab.values : undefined;
  const readyLab = lab?.state === 'ready' ? lab.id : undefined;
  const ownTitle = !/^\s*#\s/.test(exercise.lesson);

  return (
    <div className={`exercise-page${hasLab ? ' has-lab' : ' no-lab'}`}>
      <article className="reading-pane" aria-label="Lesson and tasks">
        <Crumbs module={exercise.module} current={exercise.title} />
        {ownTitle && <h1>{exercise.title}</h1>}
        <p className="exercise-meta">
          <span className={`badge badge-${exercise.difficulty}`}>{exercise.difficulty}</span>
          <span className="badge badge-plain">{exercise.minutes} min</span>
          {exercise.requires.map((r) => (
            <span key={r} className="badge badge-kernel" title={`Needs the kernel feature "${r}"`}>
              {r}
            </span>
          ))}
        </p>
        <Markdown text={exercise.lesson} values={values} />
        <TaskList exercise={exercise.id} tasks={exercise.tasks} values={values} labId={readyLab} progress={progress} />
      </article>
      {hasLab && <LabPane exercise={exercise} handle={handle} />}
    </div>
  );
}
