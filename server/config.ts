// Configuration from the environment (and a secret kept in the data directory).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Identity, Role } from './http/plugins/identity.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  curriculumDir: string;
  webDir: string;
  /** auto: local when its kernel has what an exercise needs, else vm. */
  engine: 'auto' | 'local' | 'vm';
  secret: string;
  tokens: Record<string, Identity>;
  /** Labs idle longer than this are destroyed. */
  idleMinutes: number;
  maxLabs: number;
  watch: boolean;
  /** Label value of this server's labs: servers (or test runs) sharing an engine never touch each other's. */
  instance: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.OPSLAB_DATA ?? '.opslab');
  mkdirSync(dataDir, { recursive: true });
  const engine = (env.OPSLAB_ENGINE ?? 'auto') as Config['engine'];
  if (!['auto', 'local', 'vm'].includes(engine)) throw new Error(`OPSLAB_ENGINE must be auto, local or vm (got '${engine}')`);
  return {
    host: env.OPSLAB_HOST ?? '127.0.0.1',
    port: Number(env.OPSLAB_PORT ?? 8080),
    dataDir,
    curriculumDir: path.resolve(env.OPSLAB_CURRICULUM ?? 'curricula'),
    webDir: path.resolve(env.OPSLAB_WEB ?? 'web/dist'),
    engine,
    secret: env.OPSLAB_SECRET ?? persistentSecret(dataDir),
    tokens: parseTokens(env.OPSLAB_TOKENS ?? ''),
    idleMinutes: Number(env.OPSLAB_IDLE_MINUTES ?? 60),
    maxLabs: Number(env.OPSLAB_MAX_LABS ?? 100),
    watch: env.OPSLAB_WATCH === '1',
    instance: env.OPSLAB_INSTANCE ?? 'default',
  };
}

function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** OPSLAB_TOKENS="TOKEN:grader:alice,TOKEN2:author:bob" */
export function parseTokens(spec: string): Record<string, Identity> {
  const tokens: Record<string, Identity> = {};
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [token, role, id] = item.split(':');
    if (!token || token.length < 16 || !role || !['author', 'grader', 'admin', 'learner'].includes(role) || !id) {
      throw new Error(`OPSLAB_TOKENS: '${item.split(':')[0]?.slice(0, 4)}…' must be TOKEN(16+ chars):ROLE:NAME with ROLE author, grader or admin`);
    }
    tokens[token] = { id, role: role as Role };
  }
  return tokens;
}
