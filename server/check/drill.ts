// A task's drill as the check runner sees it: faults the platform applies before the task's
// checks and undoes after them (exercise.yaml `faults:`). Applying them is the platform's (the
// lab's fault executor); the runner only says when, and what a failure means.
import type { FaultStep } from '../../shared/lab-view.js';

/** What undoes an applied drill: starts stopped hosts, heals cut links, clears netem. */
export interface AppliedDrill {
  restore(): Promise<void>;
}

/**
 * Applies a task's drill in a lab, in order (waits included), and returns what undoes it. When a
 * step fails it undoes the steps already applied before it throws.
 */
export type Drill = (props: { taskId: string; steps: FaultStep[] }) => Promise<AppliedDrill>;

/** What a step of a drill does, for people: "stop lb1", "cut web2's link to lan", "wait 5 s". */
export function describeFaultStep(step: FaultStep): string {
  if (step.action === 'wait') return `wait ${step.seconds} s`;
  if (step.action === 'stop' || step.action === 'start') return `${step.action} ${step.host}`;
  const link = `${step.host}'s link to ${step.network ?? '?'}`;
  if (step.action === 'cut' || step.action === 'heal') return `${step.action} ${link}`;
  if (step.action === 'clear') return `clear netem on ${link}`;
  const n = step.netem ?? {};
  const what = [
    n.delayMs !== undefined ? `delay ${n.delayMs} ms${n.jitterMs !== undefined ? ` ± ${n.jitterMs} ms` : ''}` : '',
    n.lossPct !== undefined ? `loss ${n.lossPct}%` : '',
    n.rateKbit !== undefined ? `rate ${n.rateKbit} kbit/s` : '',
  ].filter(Boolean);
  return `netem on ${link}${what.length ? ` (${what.join(', ')})` : ''}`;
}

/** "stop lb1, wait 5 s" */
export function describeDrill(steps: readonly FaultStep[]): string {
  return steps.map(describeFaultStep).join(', ');
}
