// Saving a snapshot (server/engine/vm/snapshot.ts saveSnapshot) against a FAKE QEMU monitor (the
// boundary: it answers QMP as QEMU does and writes the migration stream where `exec:cat > FILE`
// points). What is ours is real: the files, their modes, the rename into place. A save that goes
// wrong never throws and always leaves the guest running; test/engine/vm-snapshot.test.ts saves
// and resumes real guests.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSnapshot, saveSnapshot } from '../../server/engine/vm/snapshot.js';
import { makeVmTls } from '../../server/engine/vm/tls.js';

/** A fake QMP monitor: `migrate` completes at once (or never, with `stall`); the guest pauses after a migration until `cont`. */
function fakeMonitor(props: { stall?: boolean } = {}) {
  const commands: string[] = [];
  let migration = 'none';
  let status = 'running';
  return {
    commands,
    status: async () => status,
    async execute(command: string, args: Record<string, unknown> = {}) {
      commands.push(command);
      if (command === 'migrate') {
        const file = /^exec:cat > (.+)$/.exec(String(args.uri))?.[1];
        if (!file) throw new Error(`unexpected uri ${String(args.uri)}`);
        writeFileSync(file, 'QEVM fake stream');
        migration = props.stall ? 'active' : 'completed';
        if (!props.stall) status = 'postmigrate';
      }
      if (command === 'query-migrate') return { status: migration };
      if (command === 'migrate_cancel') migration = 'cancelled';
      if (command === 'cont') status = 'running';
      return {};
    },
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const imageDir = mkdtempSync(path.join(tmpdir(), 'opslab-snapsave-'));
  dirs.push(imageDir);
  const overlay = path.join(imageDir, 'overlay.qcow2');
  writeFileSync(overlay, 'fake overlay');
  const lines: string[] = [];
  const meta = { image: 'img', qemu: 'q', shape: { accel: 'tcg' as const, cpu: 'max', memoryMiB: 2048, cpus: 2, labsMemoryMiB: 1536 }, apiVersion: '1.41', coldBootMs: 9000, warmUpMs: 2500 };
  const save = (qmp: ReturnType<typeof fakeMonitor>, extra: { migrationTimeoutMs?: number } = {}) =>
    saveSnapshot({ qmp, imageDir, key: 'k1', overlay, meta, tls: makeVmTls(), log: (l) => lines.push(l), ...extra });
  return { imageDir, lines, save };
}

describe('saving a snapshot', () => {
  it('writes a complete snapshot, readable by its owner only, and lets the guest run on', async () => {
    const { imageDir, save } = setup();
    const qmp = fakeMonitor();
    const saved = await save(qmp);
    expect(saved?.meta).toMatchObject({ key: 'k1', apiVersion: '1.41', stateBytes: 16 });
    expect(statSync(saved!.dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(saved!.dir)) expect({ f, mode: statSync(path.join(saved!.dir, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    expect(await qmp.status()).toBe('running');
    expect(readdirSync(path.join(imageDir, 'snapshots'))).toEqual(['k1']);
  });

  it('never throws when it cannot write, and the guest runs on', async () => {
    const { imageDir, lines, save } = setup();
    writeFileSync(path.join(imageDir, 'snapshots'), 'not a directory');
    const qmp = fakeMonitor();
    await expect(save(qmp)).resolves.toBeUndefined();
    expect(lines.join('\n')).toMatch(/saving a snapshot failed/);
    expect(await qmp.status()).toBe('running');
  });

  it('replaces a broken directory left under its key by a removal that was cut short', async () => {
    const { imageDir, save } = setup();
    mkdirSync(path.join(imageDir, 'snapshots', 'k1'), { recursive: true });
    writeFileSync(path.join(imageDir, 'snapshots', 'k1', 'state'), 'half');
    const saved = await save(fakeMonitor());
    expect(saved?.meta.key).toBe('k1');
    expect(findSnapshot({ imageDir, key: 'k1' })).toBeDefined();
    expect(readdirSync(path.join(imageDir, 'snapshots'))).toEqual(['k1']);
  });

  it('cancels a migration that does not finish, so the guest is not paused by it later, and runs on', async () => {
    const { imageDir, save } = setup();
    const qmp = fakeMonitor({ stall: true });
    await expect(save(qmp, { migrationTimeoutMs: 200 })).resolves.toBeUndefined();
    expect(qmp.commands).toContain('migrate_cancel');
    expect(await qmp.status()).toBe('running');
    expect(readdirSync(path.join(imageDir, 'snapshots'))).toEqual([]);
  });
});
