// Long because: every setting is here, in one schema (that is the point of the file).
// Every setting opslab reads from its environment, in one schema: its name, what it takes, its
// default and what it is for. Nothing else in server/ reads process.env (a test keeps it so), the
// README's configuration table is rendered from this list (a test keeps that true too), and a bad
// value stops the program with `OPSLAB_X: expected ..., got '...'` instead of turning into NaN
// somewhere deep (a NaN capacity or idle limit would silently switch that guard off).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseEngineSpecs } from './engine/specs.js';
import { z } from 'zod';
import { MIN_TOKEN_CHARS, TokenTable, type Role } from './auth/tokens.js';

/** One setting: the variable, the words a bad value is told with, its default and its use. */
interface Spec<T> {
  env: string;
  /** What a good value looks like, for `OPSLAB_X: expected <this>, got ...`. */
  expected: string;
  /** The default as the table shows it ('' when unset means "none"). */
  shown: string;
  doc: string;
  /** Parses the raw value ('' and unset are the same: the default). */
  parse: (raw: string | undefined) => T;
  /** Never printed back (opslab settings masks it). */
  secret?: boolean;
}

export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
}

/** A zod schema over the raw string; unset or '' takes `fallback` (parsed like a given value). */
function spec<T>(props: { env: string; expected: string; fallback?: string; shown?: string; doc: string; schema: z.ZodType<T>; secret?: boolean }): Spec<T> {
  return {
    env: props.env,
    expected: props.expected,
    shown: props.shown ?? props.fallback ?? '',
    doc: props.doc,
    secret: props.secret,
    parse: (raw) => {
      const value = raw === undefined || raw === '' ? props.fallback : raw;
      const r = props.schema.safeParse(value);
      if (r.success) return r.data;
      const why = r.error.issues.find((i) => i.code === 'custom' && i.message !== 'Invalid input')?.message;
      const got = props.secret ? `a value of ${String(value ?? '').length} characters` : `'${String(value).slice(0, 200)}'`;
      throw new ConfigError(`${props.env}: expected ${props.expected}, got ${got}${why ? ` (${why})` : ''}`);
    },
  };
}

const optionalText = z.string().optional();
/** A bearer token, when one is given. */
const optionalToken = optionalText.refine((v) => v === undefined || v.length >= MIN_TOKEN_CHARS);
/** A whole number in [min, max] written as digits (no '1e3', no ' 5', no '0x10'). */
const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
const ON = ['1', 'true', 'yes', 'on'];
const OFF = ['0', 'false', 'no', 'off'];
const flag = z
  .string()
  .optional()
  .refine((v) => v === undefined || [...ON, ...OFF].includes(v.toLowerCase()))
  .transform((v) => v !== undefined && ON.includes(v.toLowerCase()));
/** A flag that is on unless set to an off word. */
const flagOn = z
  .string()
  .optional()
  .refine((v) => v === undefined || [...ON, ...OFF].includes(v.toLowerCase()))
  .transform((v) => v === undefined || ON.includes(v.toLowerCase()));
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const SPECS = {
  host: spec({ env: 'OPSLAB_HOST', expected: 'an address to listen on', fallback: '127.0.0.1', doc: 'where the server listens', schema: z.string().regex(/^[0-9A-Za-z.:_[\]-]{1,255}$/) }),
  port: spec({ env: 'OPSLAB_PORT', expected: 'a whole number 1-65535', fallback: '8080', doc: 'the port it listens on', schema: whole(1, 65_535) }),
  publicUrls: spec({
    env: 'OPSLAB_PUBLIC_URL',
    expected: 'http(s) URLs, comma-separated',
    shown: 'the loopback names of host:port',
    doc: "where learners open the app (`https://labs.example.org`; comma-separated if several). Other `Host` names get 421, state-changing requests and terminals from other origins 403; https makes the cookie `Secure`. Required when `OPSLAB_HOST` is 0.0.0.0",
    schema: optionalText.superRefine((v, ctx) => {
      // Any http(s) URL; its origin (scheme, host, port) is what requests are compared with.
      for (const u of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!URL.canParse(u) || !['http:', 'https:'].includes(new URL(u).protocol)) ctx.addIssue({ code: 'custom', message: `'${u.slice(0, 100)}' is not a URL like https://labs.example.org` });
      }
    }).transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined)),
  }),
  trustProxy: spec({
    env: 'OPSLAB_TRUST_PROXY',
    expected: 'a hop count or proxy addresses/CIDRs, comma-separated',
    doc: "a reverse proxy in front: hop count (`1`: only when nothing but the proxy reaches the server) or its addresses/CIDRs, so rate limits see the client's address",
    schema: optionalText.refine((v) => parseTrustProxy(v ?? '') !== null).transform((v) => parseTrustProxy(v ?? '') as boolean | number | string),
  }),
  dataDir: spec({ env: 'OPSLAB_DATA', expected: 'a directory', fallback: '.opslab', doc: 'data directory (SQLite store, secret)', schema: z.string().transform((v) => path.resolve(v)) }),
  databaseUrl: spec({
    env: 'OPSLAB_DATABASE_URL',
    expected: 'a postgres:// URL',
    shown: '(SQLite)',
    doc: '`postgres://...` to share state between several servers',
    secret: true,
    schema: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v)),
  }),
  curriculumDir: spec({ env: 'OPSLAB_CURRICULUM', expected: 'a directory', fallback: 'curricula', doc: 'the curriculum folder (courses, exercises, lessons)', schema: z.string().transform((v) => path.resolve(v)) }),
  webDir: spec({ env: 'OPSLAB_WEB', expected: 'a directory', fallback: 'web/dist', doc: 'the built web app the server serves', schema: z.string().transform((v) => path.resolve(v)) }),
  engine: spec({ env: 'OPSLAB_ENGINE', expected: 'one of auto, local, vm', fallback: 'auto', doc: 'which engine runs labs: `auto` (local when its kernel has what an exercise needs, else vm), `local` or `vm`', schema: z.enum(['auto', 'local', 'vm']) }),
  secret: spec({ env: 'OPSLAB_SECRET', expected: 'at least 32 characters', shown: '(made once, kept in the data directory)', doc: 'key that signs learner cookies; the same on every server behind one name', secret: true, schema: optionalText.refine((v) => v === undefined || v.length >= 32) }),
  tokens: spec({
    env: 'OPSLAB_TOKENS',
    expected: 'TOKEN:ROLE:NAME items, comma-separated',
    doc: '`TOKEN:grader:alice,TOKEN2:author:bob`: bearer tokens for authors, graders, admins',
    secret: true,
    schema: optionalText.superRefine((v, ctx) => {
      try {
        parseTokens(v ?? '');
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^OPSLAB_TOKENS: /, '') });
      }
    }).transform((v) => parseTokens(v ?? '')),
  }),
  metricsToken: spec({
    env: 'OPSLAB_METRICS_TOKEN',
    expected: `at least ${MIN_TOKEN_CHARS} characters`,
    shown: '(none: only admin tokens)',
    doc: 'bearer token that opens `/metrics` (Prometheus) and nothing else; admin tokens open it too',
    secret: true,
    schema: optionalToken,
  }),
  idleMinutes: spec({ env: 'OPSLAB_IDLE_MINUTES', expected: 'whole minutes 1-10080', fallback: '60', doc: 'a lab nobody used for this long is destroyed', schema: whole(1, 10_080) }),
  maxLabs: spec({ env: 'OPSLAB_MAX_LABS', expected: 'a whole number 1-100000', fallback: '100', doc: 'live labs this server holds at most', schema: whole(1, 100_000) }),
  maxLabsPerLearner: spec({ env: 'OPSLAB_MAX_LABS_PER_LEARNER', expected: 'a whole number 1-1000', fallback: '3', doc: 'live labs one learner may hold', schema: whole(1, 1000) }),
  maxLabsPerAddress: spec({ env: 'OPSLAB_MAX_LABS_PER_ADDRESS', expected: 'a whole number 1-100000', fallback: '20', doc: 'live labs one client address may hold (a class behind NAT shares one)', schema: whole(1, 100_000) }),
  rateAddressFactor: spec({ env: 'OPSLAB_RATE_ADDRESS_FACTOR', expected: 'a whole number 1-10000', fallback: '10', doc: "one address's rate limits are this many learners' worth; limits in [docs/security.md](docs/security.md)", schema: whole(1, 10_000) }),
  labDiskMiB: spec({ env: 'OPSLAB_LAB_DISK_MB', expected: 'whole MiB 1-1048576', fallback: '1024', doc: "disk one lab's hosts may write together; also caps one file", schema: whole(1, 1_048_576) }),
  labInodes: spec({ env: 'OPSLAB_LAB_INODES', expected: 'a whole number 1-1000000000', fallback: '65536', doc: "files one lab's hosts may create together", schema: whole(1, 1_000_000_000) }),
  pool: spec({
    env: 'OPSLAB_POOL',
    expected: 'an IPv4 CIDR of /8 to /24',
    fallback: '10.123.0.0/16',
    doc: 'where lab subnets come from (one /24 per lab network)',
    schema: z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/).refine((v) => {
      const [ip, bits] = v.split('/');
      return ip!.split('.').every((o) => Number(o) <= 255) && Number(bits) >= 8 && Number(bits) <= 24;
    }),
  }),
  engines: spec({
    env: 'OPSLAB_ENGINES',
    expected: 'NAME=TARGET[?labs=N&memory=MiB&pool=CIDR&tls=DIR] entries, space- or ;-separated (TARGET: local, vm, unix:///path, tcp://host:port, ssh://user@host)',
    shown: '(from OPSLAB_ENGINE)',
    doc: 'the engine pool: labs go to the engine with the most free room that has what the exercise needs; `opslab engine drain NAME` stops new labs on one. See [docs/scale-out.md](docs/scale-out.md)',
    schema: optionalText.superRefine((v, ctx) => {
      try {
        if (v !== undefined) parseEngineSpecs(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }).transform((v) => (v === undefined ? undefined : parseEngineSpecs(v))),
  }),
  serverId: spec({ env: 'OPSLAB_SERVER_ID', expected: 'letters, digits, . _ - (1-64)', shown: "HOSTNAME-PORT", doc: "this server's name among the servers sharing one database (a pod's name); two servers must never share one (a second is refused at start)", schema: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9._-]{1,64}$/.test(v)) }),
  advertiseUrl: spec({ env: 'OPSLAB_ADVERTISE_URL', expected: 'an http(s) URL', shown: 'http://HOST:PORT', doc: 'where the other servers reach this one (a terminal opened through another server is forwarded here)', schema: optionalText.refine((v) => v === undefined || (/^https?:\/\/\S+$/.test(v) && URL.canParse(v))).transform((v) => v?.replace(/\/$/, '')) }),
  instance: spec({ env: 'OPSLAB_INSTANCE', expected: 'letters, digits, . _ - (1-64)', fallback: 'default', doc: "label of this server's labs on their engines: the same for every server sharing one database, another for a separate platform on the same engines", schema: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
  watch: spec({ env: 'OPSLAB_WATCH', expected: '1/0, true/false, yes/no or on/off', doc: '`1`: reload the curriculum when files change (authors)', schema: flag }),
  logLevel: spec({ env: 'OPSLAB_LOG_LEVEL', expected: LOG_LEVELS.join(', '), fallback: 'info', doc: "the server log's level (JSON lines on stdout)", schema: z.enum(LOG_LEVELS) }),
  debug: spec({ env: 'OPSLAB_DEBUG', expected: '1/0, true/false, yes/no or on/off', doc: '`1`: the CLI prints the stack of an error too', schema: flag }),
  cacheDir: spec({ env: 'OPSLAB_CACHE', expected: 'a directory', fallback: '/var/cache/opslab', doc: 'base image, vm image, snapshots and build locks', schema: z.string().transform((v) => path.resolve(v)) }),
  debianMirror: spec({ env: 'OPSLAB_DEBIAN_MIRROR', expected: 'an http(s) URL', fallback: 'http://deb.debian.org/debian', doc: 'the Debian mirror the base and vm images are built from', schema: z.string().regex(/^https?:\/\/\S+$/) }),
  vmMemoryMiB: spec({ env: 'OPSLAB_VM_MEMORY_MIB', expected: 'whole MiB 512-262144', fallback: '2048', doc: 'memory of the vm engine\'s guest', schema: whole(512, 262_144) }),
  vmLabMemoryMiB: spec({ env: 'OPSLAB_VM_LAB_MEMORY_MIB', expected: 'whole MiB 64-65536', fallback: '384', doc: 'guest memory one lab is counted as (how many labs a guest takes)', schema: whole(64, 65_536) }),
  warmLabs: spec({ env: 'OPSLAB_WARM_LABS', expected: 'comma-separated KEY=N (KEY: vm, local or an exercise id; N 0-99)', fallback: 'vm=1', doc: 'warm labs kept ready per exercise, handed over on Start: `vm=` for every exercise on the vm engine, `local=` on the local engine, or per exercise id', schema: z.string().optional().transform((v) => v ?? 'vm=1').refine((v) => parseWarmLabs(v) !== undefined).transform((v) => parseWarmLabs(v)!) }),
  warmMemoryMiB: spec({ env: 'OPSLAB_WARM_MEMORY_MIB', expected: 'whole MiB 0-1048576', fallback: '1536', doc: 'memory all warm labs together may take on their engines (0: no warm labs)', schema: whole(0, 1_048_576) }),
  vmSnapshots: spec({ env: 'OPSLAB_VM_SNAPSHOTS', expected: '1/0, true/false, yes/no or on/off', fallback: '1', doc: 'resume vm engine guests from a saved snapshot (~2 s) instead of booting them (~20 s under emulation)', schema: flagOn }),
  vmCpus: spec({ env: 'OPSLAB_VM_CPUS', expected: 'a whole number 1-64', shown: '2 (1 on a one-core host)', doc: "the vm engine's guest CPUs", schema: optionalText.pipe(z.union([z.undefined(), whole(1, 64)])) }),
  server: spec({ env: 'OPSLAB_SERVER', expected: 'an http(s) URL', fallback: 'http://127.0.0.1:8080', doc: '`opslab grade --live`: the server to grade', schema: z.string().regex(/^https?:\/\/\S+$/).refine((v) => URL.canParse(v)).transform((v) => new URL(v).href.replace(/\/$/, '')) }),
  token: spec({ env: 'OPSLAB_TOKEN', expected: `a bearer token of ${MIN_TOKEN_CHARS}+ characters`, doc: "`opslab grade --live`: the grader's token (kept out of `ps`, unlike `--token`)", secret: true, schema: optionalToken }),
  dockerHost: spec({ env: 'DOCKER_HOST', expected: 'unix:///path, tcp://host:port or ssh://...', shown: '(the local engine opslab starts)', doc: "Docker's own: a remote engine for labs", schema: optionalText.refine((v) => v === undefined || /^(unix|tcp|http|https|ssh|npipe):\/\/\S+$/.test(v)) }),
  // As the docker CLI reads it: set to anything (even 0) means on.
  dockerTlsVerify: spec({ env: 'DOCKER_TLS_VERIFY', expected: 'any value (set means on)', doc: "Docker's own: set (to anything) to use TLS and verify the remote engine's certificate", schema: optionalText.transform((v) => v !== undefined && v !== '') }),
  dockerCertPath: spec({ env: 'DOCKER_CERT_PATH', expected: 'a directory', doc: "Docker's own: ca.pem, cert.pem, key.pem for the remote engine", schema: optionalText }),
} as const;

type SpecMap = typeof SPECS;
export type Settings = { [K in keyof SpecMap]: SpecMap[K] extends Spec<infer T> ? T : never };

/** Parses every setting; bad ones throw one ConfigError with a line naming each (an operator fixes all at once). */
export function parseSettings(env: NodeJS.ProcessEnv): Settings {
  const out: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const [key, s] of Object.entries(SPECS) as [string, Spec<unknown>][]) {
    try {
      out[key] = s.parse(env[s.env]);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      bad.push(e.message);
    }
  }
  if (bad.length) throw new ConfigError(bad.join('\n'));
  return Object.freeze(out) as Settings;
}

let current: Settings | undefined;
/** The settings of this process, read from its environment once (the first call). */
export function settings(): Settings {
  current ??= parseSettings(process.env);
  return current;
}

/** The environment a child process (apt, dockerd, qemu) is given: ours plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Not a setting: the PATH opslab was started with, where host tools (dockerd, qemu, apt) are looked for. */
export function hostPath(): string {
  return process.env.PATH ?? '';
}

/**
 * `OPSLAB_WARM_LABS`: comma-separated `KEY=N`, where KEY is `vm` (every exercise that runs on the
 * vm engine), `local` (on the local engine) or an exercise id; e.g. `vm=1,lvs-dr=2,local=0`.
 * Returns undefined for anything else.
 */
export function parseWarmLabs(text: string): { vm: number; local: number; exercises: Record<string, number> } | undefined {
  const out = { vm: 0, local: 0, exercises: {} as Record<string, number> };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9][a-z0-9-]{0,63})=(\d{1,2})$/.exec(part);
    if (!m) return undefined;
    const [, key, n] = m;
    if (key === 'vm' || key === 'local') out[key] = Number(n);
    else out.exercises[key!] = Number(n);
  }
  return out;
}

/**
 * A setting's value kind, for a command-line flag that stands for it (`serve --port`, `grade
 * --server`, `--engine`): the flag takes exactly what the variable takes, in the same words.
 * `parse` answers undefined for a bad value (the CLI says which flag).
 */
export function settingKind<K extends keyof Settings>(key: K): { expected: string; parse: (raw: string) => Settings[K] | undefined } {
  const s = SPECS[key] as Spec<Settings[K]>;
  return {
    expected: s.expected,
    parse: (raw) => {
      if (raw === '') return undefined; // '' means "unset" to the environment, never to a flag
      try {
        return s.parse(raw);
      } catch {
        return undefined;
      }
    },
  };
}

/** The names of every setting, for documentation and tests. */
export const SETTING_NAMES: readonly string[] = Object.values(SPECS).map((s) => s.env);

/** The README's configuration table, made from the schema (test/config keeps the README equal to it). */
export function settingsTable(): string {
  const rows = Object.values(SPECS).map((s: Spec<unknown>) => `| \`${s.env}\` | ${s.shown ? (s.shown.startsWith('(') || s.shown.includes(' ') ? s.shown : `\`${s.shown}\``) : ''} | ${s.doc} |`);
  return ['| variable | default | what it is for |', '|---|---|---|', ...rows].join('\n') + '\n';
}

/** Each setting with the value in effect (secrets masked), for `opslab settings`. */
export function describeSettings(env: NodeJS.ProcessEnv = process.env): { env: string; value: string; set: boolean; doc: string }[] {
  return Object.values(SPECS).map((s: Spec<unknown>) => {
    const raw = env[s.env];
    const set = raw !== undefined && raw !== '';
    return { env: s.env, set, value: set ? (s.secret ? '(set, hidden)' : String(raw)) : s.shown, doc: s.doc };
  });
}

/** What `opslab serve` runs with: the settings, with the cookie secret always there. */
export type Config = Settings & { secret: string };

/** The settings, plus the data directory made and the secret kept there when OPSLAB_SECRET is unset. */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  const s = env ? parseSettings(env) : settings();
  // The store and the secret in it are the server user's alone (store/owner-only.ts).
  mkdirSync(s.dataDir, { recursive: true, mode: 0o700 });
  return { ...s, secret: s.secret ?? persistentSecret(s.dataDir) };
}

/** '' → trust no proxy; '1' → one hop; '10.0.0.0/8,127.0.0.1' → those addresses; null: not one of these. */
export function parseTrustProxy(raw: string): boolean | number | string | null {
  const v = raw.trim();
  if (!v || v === 'false' || v === '0') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  if (!/^[0-9a-fA-F.:/, ]+$/.test(v)) return null;
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
  for (const [i, item] of spec.split(',').map((s) => s.trim()).filter(Boolean).entries()) {
    const [token, role, id, ...rest] = item.split(':');
    // A name shaped like a learner id would let a token act as that learner.
    if (!token || token.length < MIN_TOKEN_CHARS || !role || !['author', 'grader', 'admin'].includes(role) || !id || !/^[A-Za-z0-9._-]{1,64}$/.test(id) || /^l_/.test(id) || rest.length) {
      throw new Error(`OPSLAB_TOKENS: item ${i + 1} must be TOKEN(${MIN_TOKEN_CHARS}+ chars):ROLE:NAME with ROLE author, grader or admin and NAME of letters, digits, '.', '_' or '-' (not starting with l_)`);
    }
    tokens.add(token, { id, role: role as Role });
  }
  return tokens;
}
