// The answer cap is enforced by the route's body schema, before any grading, and is the one the
// grader applies.
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS } from '../../server/curriculum/index.js';
import { answerBodySchema } from '../../server/http/routes/exercises/schemas.js';
import { buildTestApp } from '../helpers/app.js';

const CAP = answerBodySchema.properties.answer.maxLength;

describe('the answer size cap', () => {
  it('is the one the grader applies', () => {
    expect(CAP).toBe(MAX_ANSWER_CHARS);
  });

  it('refuses a longer answer with a 400 JSON error before grading, and grades one at the cap', async () => {
    const app = await buildTestApp();
    try {
      const post = (answer: string) => app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', payload: { answer } });
      const over = await post('x'.repeat(CAP + 1));
      expect(over.statusCode).toBe(400);
      expect(over.json()).toMatchObject({ error: 'BAD_REQUEST' });
      expect((await post('x'.repeat(CAP))).json()).toMatchObject({ correct: false });
      // Counted in characters (code points), as JSON Schema counts them.
      expect((await post('😀'.repeat(CAP))).statusCode).toBe(200);
      expect((await post('😀'.repeat(CAP + 1))).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
