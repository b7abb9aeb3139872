import type { ProgressView, TaskView } from '../api.js';
import { TaskItem } from './TaskItem.js';

interface Props {
  exercise: string;
  tasks: TaskView[];
  values?: Record<string, string>;
  labId?: string;
  progress?: ProgressView | null;
}

export function TaskList({ exercise, tasks, values, labId, progress }: Props) {
  const known = progress?.exercises[exercise]?.tasks;
  return (
    <section className="tasks" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks</h2>
      <ol className="task-list">
        {tasks.map((t, i) => (
          <TaskItem key={t.id} exercise={exercise} task={t} index={i} values={values} labId={labId} known={known?.[t.id]} />
        ))}
      </ol>
    </section>
  );
}
