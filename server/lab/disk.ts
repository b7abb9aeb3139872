// What a lab host has written to its engine's disk, counted so that a learner cannot hide any of
// it: overlay2 on ext4 has no per-container quota, so the lab manager's disk guard measures every
// lab and stops the ones over their quota (bytes and inodes).
//
// A lab host writes to three places on the engine's filesystem:
// - its writable layer (overlay2 upper directory);
// - the three files Docker bind-mounts from its own directory, writable by the lab's root:
//   /etc/hosts, /etc/resolv.conf, /etc/hostname (`dd of=/etc/hosts` was not counted at all);
// - its json log, which Docker caps at 1 MiB (createHostContainer).
// /dev and /dev/shm are tmpfs, charged to the container's memory limit. Inodes are counted in the
// writable layer (3 million empty files would exhaust the filesystem's inodes and cost no bytes).
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { OpslabError } from '../errors.js';
import { findExecutable } from '../engine/host.js';

export interface DiskQuota {
  bytes: number;
  inodes: number;
}

/**
 * The quota of one lab (all its hosts together): OPSLAB_LAB_DISK_MB (default 1024) and
 * OPSLAB_LAB_INODES (default 65536: the inodes ext4 gives 1 GiB at its default 16 KiB per inode,
 * so a lab may take the same share of the filesystem's inodes as of its blocks).
 */
export function diskQuotaFromEnv(env: NodeJS.ProcessEnv = process.env): DiskQuota {
  const whole = (name: string, fallback: number) => {
    const raw = env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isSafeInteger(n) || n <= 0) throw new OpslabError('INTERNAL', `${name} must be a positive whole number (got '${raw}'); unset it for the default ${fallback}.`);
    return n;
  };
  return { bytes: whole('OPSLAB_LAB_DISK_MB', 1024) * 1024 * 1024, inodes: whole('OPSLAB_LAB_INODES', 65_536) };
}

/** The writable files Docker bind-mounts into every container, with their inspect fields. */
const BIND_FILES = [
  ['/etc/hosts', 'HostsPath'],
  ['/etc/resolv.conf', 'ResolvConfPath'],
  ['/etc/hostname', 'HostnamePath'],
] as const;

export interface HostDiskUse {
  bytes: number;
  /** Files, directories, links... in the writable layer. */
  inodes: number;
  /** Bytes per place: 'writable layer', '/etc/hosts', ... */
  parts: Record<string, number>;
  /** Set when the engine could not measure this host: a lab whose writes cannot be counted is stopped. */
  unmeasurable?: string;
}

/**
 * Measures one host. On the local engine (where the server sees the engine's files) the writable
 * layer is walked with find(1), which also counts inodes and, unlike Docker's own walk, copes with
 * paths longer than PATH_MAX; the walk stops early once over `stopAt`. Elsewhere (remote and vm
 * engines, or a server that may not read Docker's directory) the Engine API is asked: the layer's
 * size, its list of changes (for inodes) and the bind-mounted files' sizes.
 */
export async function measureHostDisk(props: { docker: Dockerode; containerId: string; local: boolean; stopAt: DiskQuota }): Promise<HostDiskUse> {
  const container = props.docker.getContainer(props.containerId);
  if (props.local) {
    const info = await container.inspect();
    const upper = (info.GraphDriver?.Data as { UpperDir?: string } | undefined)?.UpperDir;
    const find = findExecutable('find');
    if (find && upper && (await isReadableDir(upper))) {
      const layer = await walkLayer({ find, dir: upper, stopAt: props.stopAt });
      const parts: Record<string, number> = { 'writable layer': layer.bytes };
      for (const [path, field] of BIND_FILES) {
        const file = (info as unknown as Record<string, string | undefined>)[field];
        parts[path] = file ? await stat(file).then((s) => s.size, () => 0) : 0;
      }
      return { bytes: sum(parts), inodes: layer.inodes, parts };
    }
  }
  return measureThroughApi(container);
}

async function measureThroughApi(container: Dockerode.Container): Promise<HostDiskUse> {
  // dockerode passes options as the query string: /containers/ID/json?size=true
  const inspect = container.inspect as unknown as (o: { size: boolean }) => Promise<{ SizeRw?: number }>;
  const { SizeRw } = await inspect.call(container, { size: true });
  const parts: Record<string, number> = { 'writable layer': SizeRw ?? -1 };
  // Docker answers -1 (or nothing) when its walk of the layer failed, e.g. on a path longer than
  // 4096 bytes, which a learner can make: a file below it would not count.
  if (SizeRw === undefined || SizeRw < 0) return { bytes: 0, inodes: 0, parts, unmeasurable: 'the engine could not measure its writable layer' };
  let changes: unknown;
  try {
    changes = await container.changes();
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 500) throw e;
    return { bytes: 0, inodes: 0, parts, unmeasurable: 'the engine could not list its writable layer' };
  }
  if (Buffer.isBuffer(changes)) changes = JSON.parse(changes.toString('utf8') || 'null');
  for (const [path] of BIND_FILES) {
    const res = (await container.infoArchive({ path })) as NodeJS.ReadableStream & { headers?: Record<string, string | undefined> };
    res.resume();
    const header = res.headers?.['x-docker-container-path-stat'];
    parts[path] = header ? Number((JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { size?: number }).size ?? 0) : 0;
  }
  return { bytes: sum(parts), inodes: Array.isArray(changes) ? changes.length : 0, parts };
}

/**
 * Bytes (apparent sizes, as Docker counts them: a sparse file counts whole) and inodes under
 * `dir`, hard links once. find prints numbers only, never the names a learner chose.
 */
function walkLayer(props: { find: string; dir: string; stopAt: DiskQuota }): Promise<{ bytes: number; inodes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(props.find, [props.dir, '-xdev', '-printf', '%i %n %s\\n'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    let inodes = 0;
    let rest = '';
    let stopped = false;
    const linked = new Set<string>();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stopped) return;
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const [ino, links, size] = line.split(' ');
        if (Number(links) > 1) {
          if (linked.has(ino!)) continue;
          linked.add(ino!);
        }
        inodes++;
        bytes += Number(size) || 0;
        if (bytes > props.stopAt.bytes || inodes > props.stopAt.inodes) {
          stopped = true; // over already: no need to walk the rest of a learner's million files
          child.kill('SIGKILL');
          return;
        }
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve({ bytes, inodes }));
  });
}

async function isReadableDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

const sum = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + Math.max(0, b), 0);
