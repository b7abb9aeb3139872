// Shared bench helpers: a 4-host blueprint, medians, a lab manager on the local engine.
import { randomBytes } from 'node:crypto';
import { ensureLabImage } from '../server/engine/images.js';
import { createLocalEngine, ensureLocalEngine } from '../server/engine/local.js';
import { engineSet } from '../server/engine/select.js';
import type { Engine } from '../server/engine/types.js';
import type { LabManager } from '../server/lab/manager.js';
import type { LabBlueprint } from '../server/lab/types.js';
import { createLabManager } from '../server/platform.js';

export const FOUR_HOSTS: LabBlueprint = {
  exercise: 'bench-four-hosts',
  requires: [],
  topology: {
    networks: [{ name: 'lan', prefix: 24 }],
    hosts: ['client', 'director', 'rs1', 'rs2'].map((name, i) => ({ name, image: 'lab', networks: { lan: 10 + i } })),
    addresses: { vip: { network: 'lan', offset: 100 } },
  },
  setup: [],
  scripts: {},
};

export async function benchEngine(): Promise<{ engine: Engine; image: string }> {
  await ensureLocalEngine({});
  const engine = createLocalEngine();
  const { tag } = await ensureLabImage({ docker: engine.docker });
  return { engine, image: tag };
}

export function benchLabs(engine: Engine): LabManager {
  return createLabManager({
    engines: engineSet({ mode: 'local', local: engine }),
    exercises: () => new Map(),
    instance: `bench-${randomBytes(3).toString('hex')}`,
    maxLabs: 1000,
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
