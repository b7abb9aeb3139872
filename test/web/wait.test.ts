// How the page says a starting lab's wait (web/src/lib/wait.ts): a countdown from the server's
// estimate, "longer than usual" past it, and no number at all without history.
import { describe, expect, it } from 'vitest';
import { estimateFrom } from '../../server/service/estimate-start.js';
import { describeWait, roughly } from '../../web/src/lib/wait.js';

describe('describeWait (the page)', () => {
  const estimate = estimateFrom({ exercise: [30_000, 45_000, 90_000], engine: [], elapsedMs: 10_000 });

  it('counts down from the view: 35 s left at first, 25 s ten seconds later', () => {
    expect(describeWait(estimate, 0)).toMatchObject({ left: 'About 35 s left', overdue: false });
    expect(describeWait(estimate, 10_000).left).toBe('About 25 s left');
    expect(describeWait(estimate, 0).basis).toBe('a start usually takes about 45 s, the median of the last 3 starts of this exercise');
  });

  it('says it is taking longer than usual past the estimate, never a negative number', () => {
    const late = describeWait(estimate, 60_000);
    expect(late).toMatchObject({ left: 'Taking longer than usual', overdue: true });
    expect(late.left).not.toMatch(/-|\d/);
  });

  it('says there is no estimate yet without history, with no number', () => {
    const none = describeWait(estimateFrom({ exercise: [], engine: [], elapsedMs: 3_000 }), 0);
    expect(none.left).toBe('No estimate yet');
    expect(`${none.left} ${none.basis}`).not.toMatch(/\d/);
  });

  it('rounds for people: 5 s steps under a minute and a half, then minutes', () => {
    expect([roughly(1), roughly(31_000), roughly(85_000), roughly(150_000), roughly(-5)]).toEqual(['5 s', '35 s', '85 s', '3 min', '5 s']);
  });
});
