// Response schemas of the health routes: EngineHealth (engine/bring-up.ts) and PoolStatus
// (lab/pool.ts) field for field, so serialisation drops nothing `opslab engine status` reads.

const engineHealth = {
  type: 'object',
  required: ['id', 'kind', 'description', 'up'],
  properties: {
    id: { type: 'string', description: 'Its name in the engine pool (its kind for the single local or vm engine).' },
    kind: { type: 'string' },
    description: { type: 'string' },
    up: { type: 'boolean' },
    drained: { type: 'boolean', description: 'No new labs go there (`opslab engine drain`).' },
    load: {
      type: 'object',
      description: 'Live labs on it across every server sharing the store (warm ones among them), and their memory.',
      properties: { labs: { type: 'integer' }, warm: { type: 'integer' }, memoryMiB: { type: 'number' } },
    },
    capacity: { type: 'object', description: 'Its caps (OPSLAB_ENGINES labs=, memory=).', properties: { labs: { type: 'integer' }, memoryMiB: { type: 'number' } } },
    start: { type: 'object', description: 'vm: resumed from a snapshot or booted, and how long it took.', properties: { resumed: { type: 'boolean' }, ms: { type: 'number' } } },
  },
} as const;

const warmLabs = {
  type: 'object',
  description: 'Warm labs (built ahead) per exercise, the memory they take, and how many were handed to learners.',
  properties: {
    exercises: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { ready: { type: 'integer' }, building: { type: 'integer' }, want: { type: 'integer' } } },
    },
    memoryMiB: { type: 'object', properties: { used: { type: 'number' }, budget: { type: 'number' } } },
    handedOut: { type: 'integer' },
  },
} as const;

export const healthSchema = {
  type: 'object',
  required: ['status', 'exercises'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    exercises: { type: 'integer' },
    engine: {
      type: 'object',
      description: 'The first engine that is up (else the first one): what older clients read.',
      properties: { up: { type: 'boolean' }, kind: { type: 'string' }, description: { type: 'string' } },
    },
    engines: { type: 'array', items: engineHealth },
    warmLabs,
  },
} as const;

export const liveSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

export const readySchema = {
  type: 'object',
  required: ['status', 'reasons', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not ready'] },
    reasons: { type: 'array', items: { type: 'string' }, description: 'Why it is not ready, for people; empty when ready.' },
    checks: {
      type: 'object',
      description: 'Each dependency: true when it answered. Absent: this server has none (no lab engine, no store).',
      properties: { engine: { type: 'boolean' }, store: { type: 'boolean' }, curriculum: { type: 'boolean' } },
    },
  },
} as const;
