// The vm engine's serial console through a real guest (QEMU on a pseudo-terminal): what a person
// at `opslab vm console` or the admin console page gets. One boot (~20-30 s under TCG); the image
// is built or found first, so a machine without it fails loudly here instead of skipping. The
// guest's console runs its control loop (images/vm/guest/opslab-control), which answers `ping`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultVmImage } from '../../server/engine/connect.js';
import { startVmEngine, type VmEngine, type VmExit } from '../../server/engine/vm/index.js';

const log = (line: string) => console.log(`[vm-console] ${line}`);
let engine: VmEngine;

beforeAll(async () => {
  const built = await ensureDefaultVmImage({ log });
  // No feature probe: the console is there from QEMU's start, and the Docker API answering is enough.
  engine = await startVmEngine({ imageDir: built.dir, log, warmUp: false });
}, 900_000);

afterAll(async () => {
  await engine?.close();
}, 60_000);

/** A watcher that collects what the console says. */
function watch(backlog?: number) {
  let text = '';
  const exits: unknown[] = [];
  const handle = engine.attachConsole({ onData: (d) => (text += d.toString('utf8')), onExit: (e) => exits.push(e), backlog });
  const waitFor = async (needle: string | RegExp, ms = 20_000): Promise<string> => {
    const deadline = Date.now() + ms;
    const found = () => (typeof needle === 'string' ? text.includes(needle) : needle.test(text));
    while (!found()) {
      if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${String(needle)} on the console; got ${JSON.stringify(text.slice(-2000))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return text;
  };
  return { handle, exits, waitFor, text: () => text };
}

describe('the vm engine serial console', () => {
  it('shows the console from its recent past and answers what is typed on it', async () => {
    const a = watch(200);
    // The guest's boot said so on the console before anyone attached.
    expect(a.text()).toMatch(/\S/);
    a.handle.write('\r'); // Enter: the control loop reads an empty line and says nothing
    a.handle.write('ping\r');
    await a.waitFor('opslab-vm: pong');
    a.handle.detach();
  }, 60_000);

  it('sends output to every watcher, and a Ctrl-C typed on it is a byte for the guest, not the end of QEMU', async () => {
    const a = watch();
    const b = watch();
    a.handle.write('\x03');
    b.handle.write('ping\r');
    await a.waitFor('opslab-vm: pong');
    await b.waitFor('opslab-vm: pong');
    expect(engine.running).toBe(true);
    expect(await engine.ping()).toBe(true);
    a.handle.detach();
    b.handle.detach();
  }, 60_000);

  it('powers the guest off cleanly through the console at close, even with half a line typed, and tells watchers', async () => {
    const a = watch();
    const exited = new Promise<VmExit>((resolve) => engine.onExit(resolve));
    a.handle.write('pin'); // no Enter: close() must not be read as "pinpoweroff"
    const started = Date.now();
    await engine.close();
    const exit = await exited;
    expect(exit).toMatchObject({ expected: true, code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(20_000); // not the SIGTERM after the 20 s wait
    await a.waitFor('opslab-vm: powering off');
    expect(a.exits).toEqual([{ code: 0, signal: null }]);
  }, 60_000);
});
