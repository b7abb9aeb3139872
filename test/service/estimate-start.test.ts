// The start estimate (server/service/estimate-start.ts): medians of recent starts, the exercise's
// before the engine's, nothing made up without history, never a negative time left.
import { describe, expect, it } from 'vitest';
import { ESTIMATE_SAMPLES, estimateFrom, median } from '../../server/service/estimate-start.js';

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([5, 100, 7, 6, 1000])).toBe(7);
  });
  it('is the mean of the middle two of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
  });
  it('is undefined for no values, not zero', () => {
    expect(median([])).toBeUndefined();
  });
});

describe('estimateFrom', () => {
  it("rests on the exercise's own starts when it has any, whatever the engine's", () => {
    const e = estimateFrom({ exercise: [30_000, 90_000, 45_000], engine: [5_000, 5_000, 5_000, 5_000], elapsedMs: 10_000 });
    expect(e).toEqual({ basis: 'exercise', samples: 3, expectedMs: 45_000, elapsedMs: 10_000, remainingMs: 35_000, overdue: false });
  });

  it("falls back to the engine's starts of any exercise", () => {
    const e = estimateFrom({ exercise: [], engine: [20_000, 40_000], elapsedMs: 0 });
    expect(e).toMatchObject({ basis: 'engine', samples: 2, expectedMs: 30_000, remainingMs: 30_000, overdue: false });
  });

  it('says there is no estimate without history, with no number in it', () => {
    const e = estimateFrom({ exercise: [], engine: [], elapsedMs: 12_345 });
    expect(e).toEqual({ basis: 'none', samples: 0, elapsedMs: 12_345, overdue: false });
    expect('expectedMs' in e || 'remainingMs' in e).toBe(false);
  });

  it('never leaves a negative time: past the estimate it is overdue with 0 left', () => {
    const e = estimateFrom({ exercise: [20_000], engine: [], elapsedMs: 50_000 });
    expect(e.remainingMs).toBe(0);
    expect(e.overdue).toBe(true);
    expect(estimateFrom({ exercise: [20_000], engine: [], elapsedMs: 20_000 }).overdue).toBe(false);
  });

  it(`takes the newest ${ESTIMATE_SAMPLES} starts only (given newest first)`, () => {
    const recent = Array.from({ length: ESTIMATE_SAMPLES }, () => 10_000);
    const e = estimateFrom({ exercise: [...recent, 500_000, 500_000, 500_000, 500_000, 500_000, 500_000, 500_000, 500_000, 500_000, 500_000], engine: [], elapsedMs: 0 });
    expect(e).toMatchObject({ expectedMs: 10_000, samples: ESTIMATE_SAMPLES });
  });
});
