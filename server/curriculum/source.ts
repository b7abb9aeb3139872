// The curriculum a running server serves: loaded once, reloaded when files change (author mode).
import { watch, type FSWatcher } from 'node:fs';
import { loadCurriculum, type Curriculum } from './load.js';
import { formatProblem, type Problem } from './yaml.js';

export class CurriculumSource {
  private current: Curriculum;
  private problemsNow: Problem[];
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(readonly root: string) {
    const { curriculum, problems } = loadCurriculum(root);
    this.current = curriculum;
    this.problemsNow = problems;
  }

  get curriculum(): Curriculum {
    return this.current;
  }

  get problems(): Problem[] {
    return this.problemsNow;
  }

  /**
   * Reload on change. A reload with problems keeps serving the last good exercises it can. The
   * watcher only says when to reload (Node's recursive watch does not enter linked folders); what
   * a reload reads goes through readContent like any load, so a link swapped in is refused.
   */
  watch(log: (line: string) => void = () => {}): void {
    this.watcher = watch(this.root, { recursive: true }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(log), 150);
    });
  }

  reload(log: (line: string) => void = () => {}): void {
    const { curriculum, problems } = loadCurriculum(this.root);
    this.problemsNow = problems;
    if (curriculum.exercises.size > 0 || problems.length === 0) this.current = curriculum;
    log(problems.length ? `curriculum reloaded with ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}` : 'curriculum reloaded');
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
