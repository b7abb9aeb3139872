import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { buildApp, type AppOptions } from '../../server/http/app.js';
import { GOOD_COURSE } from './curriculum.js';

export const TEST_SECRET = 'test-secret-0123456789';

/** A fastify app over a curriculum folder (the good fixture course by default). Close it after use. */
export async function buildTestApp(opts: Partial<AppOptions> & { dir?: string } = {}): Promise<FastifyInstance> {
  const { curriculum, problems } = loadCurriculum(opts.dir ?? GOOD_COURSE);
  if (problems.length) throw new Error(`fixture curriculum has problems: ${problems.map((p) => p.message).join('; ')}`);
  return buildApp({ curriculum, secret: TEST_SECRET, ...opts });
}

/** The learner cookie a response set, to act as that learner in later requests. */
export function cookieOf(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (!first) throw new Error('no cookie set');
  return first.split(';')[0]!;
}
