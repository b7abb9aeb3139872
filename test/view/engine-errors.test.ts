// A learner reads what went wrong when a fault, a capture or a check could not run. When the cause
// is the engine not answering, Node's error names where the engine is ("connect ECONNREFUSED
// 10.0.3.4:2376"), and that text went to the learner as it was: the platform's internal address
// for anyone who starts a lab while an engine is down. They read that the engine does not answer,
// and its error code. FAKE lab side runtimes and scripts at the engine boundary throw what
// dockerode throws for a refused connection.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../server/check/run.js';
import { OpslabError } from '../../server/errors.js';
import type { LabSideRuntime } from '../../server/lab/runtime.js';
import { startCapture } from '../../server/view/capture.js';
import { applyFault, FaultBook } from '../../server/view/faults.js';
import { drLab } from '../helpers/view-lab.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.3.4:2376'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '10.0.3.4', port: 2376 });

/** A side runtime whose every call fails as a refused connection to the engine would. */
const downSide = new Proxy({} as LabSideRuntime, {
  get: (_, key) => (key === 'then' ? undefined : () => Promise.reject(refused())),
});

describe('an engine that does not answer, told to a learner', () => {
  it('a fault: ENGINE_DOWN with the error code, not the address', async () => {
    const lab = drLab(downSide);
    for (const req of [{ action: 'stop', host: 'rs1' }, { action: 'cut', host: 'rs1', network: 'lan' }] as const) {
      const err = await applyFault({ lab, req, by: 'test', ctx: { instance: 't', image: 'probe', book: new FaultBook() } }).catch((e: unknown) => e);
      expect(err, req.action).toBeInstanceOf(OpslabError);
      expect((err as OpslabError).code).toBe('ENGINE_DOWN');
      expect((err as OpslabError).message).toContain('ECONNREFUSED');
      expect((err as OpslabError).message).not.toContain('10.0.3.4');
    }
  });

  it('a capture: ENGINE_DOWN with the error code, not the address', async () => {
    const lab = drLab(downSide);
    const err = await startCapture({ lab, req: { host: 'rs1', preset: 'all' }, ctx: { instance: 't', image: 'probe' }, macOwner: () => undefined, onEvent: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpslabError);
    expect((err as OpslabError).code).toBe('ENGINE_DOWN');
    expect((err as OpslabError).message).not.toContain('10.0.3.4');
  });

  it("a check: an error result whose message (kept in the learner's history) names no address", async () => {
    const results = await runChecks({ checks: [{ taskId: 't', name: 'c', host: 'rs1', script: 'true', timeoutSeconds: 5 }], run: () => Promise.reject(refused()) });
    expect(results.tests[0]!.status).toBe('error');
    expect(results.tests[0]!.message).toContain('ECONNREFUSED');
    expect(results.tests[0]!.message).not.toContain('10.0.3.4');
  });
});
