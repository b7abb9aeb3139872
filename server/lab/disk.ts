// What a lab host has written to its engine's disk, counted so that a learner cannot hide any of
// it: overlay2 on ext4 has no per-container quota, so the lab manager's disk guard (guards.ts)
// measures every lab and stops the ones over their quota (bytes and inodes). The runtime
// (docker-runtime.ts) asks the engine; this file walks the files and weighs the result.
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
import { findExecutable } from '../engine/host.js';
import { type Settings, settings } from '../config.js';

export interface DiskQuota {
  bytes: number;
  inodes: number;
}

/**
 * The quota of one lab (all its hosts together): OPSLAB_LAB_DISK_MB (default 1024) and
 * OPSLAB_LAB_INODES (default 65536: the inodes ext4 gives 1 GiB at its default 16 KiB per inode,
 * so a lab may take the same share of the filesystem's inodes as of its blocks).
 */
export function diskQuotaOf(s: Pick<Settings, 'labDiskMiB' | 'labInodes'> = settings()): DiskQuota {
  return { bytes: s.labDiskMiB * 1024 * 1024, inodes: s.labInodes };
}

/** The writable files Docker bind-mounts into every container, with their inspect fields. */
export const BIND_FILES = [
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
 * A host measured from the engine's own files (the local engine): its writable layer walked with
 * find(1), which also counts inodes and, unlike Docker's own walk, copes with paths longer than
 * PATH_MAX, stopping early once over `stopAt`; and the sizes of the bind-mounted files. Undefined
 * when this server cannot read the layer (no find, no access): then the engine is asked instead.
 */
export async function measureLayer(props: { upperDir?: string; bindFiles: Record<string, string | undefined>; stopAt: DiskQuota }): Promise<HostDiskUse | undefined> {
  const find = findExecutable('find');
  if (!find || !props.upperDir || !(await isReadableDir(props.upperDir))) return undefined;
  const layer = await walkLayer({ find, dir: props.upperDir, stopAt: props.stopAt });
  const parts: Record<string, number> = { 'writable layer': layer.bytes };
  for (const [path, file] of Object.entries(props.bindFiles)) parts[path] = file ? await stat(file).then((s) => s.size, () => 0) : 0;
  return { bytes: sumParts(parts), inodes: layer.inodes, parts };
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

/** The key every entry of the Engine API's list of changes has once (`[{"Path":"/root","Kind":0},…]`). */
const CHANGE_KEY = '"Kind":';

/**
 * How many entries the Engine API's list of a container's changes (GET /containers/ID/changes)
 * holds, counted as the list streams in and without parsing it: the list is the learner's to make
 * as long as they like (a few hundred thousand files under 4 KiB paths is a gigabyte of JSON), so
 * it is never held whole. Each entry has one `"Kind":` key, and a path cannot spell one (the
 * engine's encoder escapes every quote inside a string). Once past `max` the stream is destroyed
 * and the count so far returned: over already, like walkLayer.
 */
export function countChangeEntries(stream: NodeJS.ReadableStream & { destroy(): void }, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let carry = '';
    let over = false;
    const finish = () => {
      if (over) return;
      over = true;
      resolve(count);
    };
    stream.on('data', (chunk: Buffer | string) => {
      if (over) return;
      const text = carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
      for (let at = text.indexOf(CHANGE_KEY); at >= 0; at = text.indexOf(CHANGE_KEY, at + CHANGE_KEY.length)) count++;
      // Shorter than the key, so a key split across two chunks is counted once, in the next.
      carry = text.slice(-(CHANGE_KEY.length - 1));
      if (count > max) {
        finish();
        stream.destroy();
      }
    });
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (e: Error) => {
      if (!over) reject(e);
      over = true;
    });
  });
}

async function isReadableDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

export const sumParts = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + Math.max(0, b), 0);

/** Why a lab is over its quota (the start of the message it reports), or undefined. */
export function overQuota(use: Record<string, HostDiskUse>, quota: DiskQuota): string | undefined {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  const hosts = Object.entries(use);
  const blind = hosts.find(([, u]) => u.unmeasurable);
  if (blind) return `The lab's disk use could not be measured (${blind[1].unmeasurable} on host ${blind[0]}): writes that cannot be counted are not allowed`;
  const bytes = hosts.reduce((a, [, u]) => a + u.bytes, 0);
  if (bytes > quota.bytes) {
    const [where, host, most] = hosts
      .flatMap(([h, u]) => Object.entries(u.parts).map(([part, n]) => [part, h, n] as const))
      .reduce((a, b) => (b[2] > a[2] ? b : a));
    return `The lab wrote ${mb(bytes)} to disk, over its limit of ${mb(quota.bytes)} (the most: ${where} on ${host}, ${mb(most)})`;
  }
  const inodes = hosts.reduce((a, [, u]) => a + u.inodes, 0);
  if (inodes > quota.inodes) return `The lab created ${inodes} files and directories, over its limit of ${quota.inodes} (OPSLAB_LAB_INODES)`;
  return undefined;
}
