// Configuration from the environment (and a secret kept in the data directory).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TokenTable, type Role } from './http/plugins/identity.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  curriculumDir: string;
  webDir: string;
  /** auto: local when its kernel has what an exercise needs, else vm. */
  engine: 'auto' | 'local' | 'vm';
  secret: string;
  tokens: TokenTable;
  /** Labs idle longer than this are destroyed. */
  idleMinutes: number;
  maxLabs: number;
  /** Live labs per learner, and per client address (a class behind NAT shares one). */
  maxLabsPerLearner: number;
  maxLabsPerAddress: number;
  /** OPSLAB_PUBLIC_URL: where learners open the app (comma-separated); derived from host:port when unset. */
  publicUrls?: string[];
  /** OPSLAB_TRUST_PROXY: proxies whose X-Forwarded-For is believed (hop count, or addresses/CIDRs). */
  trustProxy: boolean | number | string;
  /** OPSLAB_RATE_ADDRESS_FACTOR: how many learners' worth of requests one address may make. */
  rateAddressFactor: number;
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
    maxLabsPerLearner: positiveInt(env, 'OPSLAB_MAX_LABS_PER_LEARNER', 3),
    maxLabsPerAddress: positiveInt(env, 'OPSLAB_MAX_LABS_PER_ADDRESS', 20),
    publicUrls: env.OPSLAB_PUBLIC_URL ? env.OPSLAB_PUBLIC_URL.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    trustProxy: parseTrustProxy(env.OPSLAB_TRUST_PROXY ?? ''),
    rateAddressFactor: positiveInt(env, 'OPSLAB_RATE_ADDRESS_FACTOR', 10),
    watch: env.OPSLAB_WATCH === '1',
    instance: env.OPSLAB_INSTANCE ?? 'default',
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number of at least 1 (got '${raw}')`);
  return Number(raw);
}

/** '' → trust no proxy; '1' → one hop; '10.0.0.0/8,127.0.0.1' → those addresses. */
export function parseTrustProxy(raw: string): boolean | number | string {
  const v = raw.trim();
  if (!v || v === 'false' || v === '0') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  if (!/^[0-9a-fA-F.:/, ]+$/.test(v)) throw new Error(`OPSLAB_TRUST_PROXY must be a hop count or proxy addresses/CIDRs, comma-separated (got '${v}')`);
  return v;
}

function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** OPSLAB_TOKENS="TOKEN:grader:alice,TOKEN2:author:bob" */
export function parseTokens(spec: string): TokenTable {
  const tokens = new TokenTable();
  for (const item of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [token, role, id, ...rest] = item.split(':');
    // A name shaped like a learner id would let a token act as that learner.
    if (!token || token.length < 16 || !role || !['author', 'grader', 'admin'].includes(role) || !id || !/^[A-Za-z0-9._-]{1,64}$/.test(id) || /^l_/.test(id) || rest.length) {
      throw new Error(`OPSLAB_TOKENS: '${item.split(':')[0]?.slice(0, 4)}…' must be TOKEN(16+ chars):ROLE:NAME with ROLE author, grader or admin and NAME of letters, digits, '.', '_' or '-' (not starting with l_)`);
    }
    tokens.add(token, { id, role: role as Role });
  }
  return tokens;
}
