// Labs on the vm engine: real IPVS in a lab; a VM that dies makes its labs' checks report
// `error` (not the learner's failure), and the next lab boots a new VM.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../server/check/run.js';
import { connectEngine } from '../../server/engine/local.js';
import { engineSet } from '../../server/engine/select.js';
import type { VmEngine } from '../../server/engine/vm.js';
import type { LabBlueprint } from '../../server/lab/types.js';
import { createLabManager } from '../../server/platform.js';

const IPVS_LAB: LabBlueprint = {
  exercise: 'vm-ipvs-probe',
  requires: ['ipvs'],
  topology: {
    networks: [{ name: 'lan', prefix: 24 }],
    hosts: [
      { name: 'director', image: 'lab', networks: { lan: 2 } },
      { name: 'rs1', image: 'lab', networks: { lan: 11 } },
    ],
    addresses: { vip: { network: 'lan', offset: 100 } },
  },
  setup: [],
  scripts: {},
};

const CHECK = {
  taskId: 'ipvs',
  name: 'the director has a virtual service on the VIP',
  host: 'director',
  script: 'ipvsadm -Ln | grep -q "TCP  $VIP:80" || fail "no virtual service on $VIP:80"\npass "ok"',
  timeoutSeconds: 60,
};

describe('labs on the vm engine', () => {
  const engines = engineSet({ mode: 'vm', bootVm: () => connectEngine('vm', {}) });
  const labs = createLabManager({ engines, exercises: () => new Map(), instance: `vmlabs-${randomBytes(3).toString('hex')}` });
  afterAll(async () => {
    await labs.close({ destroyAll: true });
    await engines.close();
  });

  it('runs IPVS in a lab, reports a dead VM as error, and boots a new VM for the next lab', { timeout: 600_000 }, async () => {
    const lab = await labs.ready((await labs.start({ learner: 'vm-a', blueprint: IPVS_LAB })).id);
    expect(lab.engine.kind).toBe('vm');
    const run = (l: typeof lab) => (p: { host: string; script: string; timeoutMs: number }) => labs.run({ lab: l, ...p });
    expect((await runChecks({ checks: [CHECK], run: run(lab) })).tests[0]).toMatchObject({ status: 'fail', message: `no virtual service on ${lab.env.VIP}:80` });
    const add = await labs.run({ lab, host: 'director', script: 'ipvsadm -A -t $VIP:80 -s rr && ipvsadm -a -t $VIP:80 -r $RS1_IP:80 -g', timeoutMs: 60_000 });
    expect(add.exitCode).toBe(0);
    expect((await runChecks({ checks: [CHECK], run: run(lab) })).tests[0]!.status).toBe('pass');

    const vm = lab.engine as VmEngine;
    process.kill(vm.pid, 'SIGKILL');
    for (let i = 0; i < 50 && (await vm.ping()); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await vm.ping()).toBe(false);
    const dead = await runChecks({ checks: [CHECK], run: run(lab) });
    expect(dead.tests[0]!.status).toBe('error');

    const next = await labs.ready((await labs.start({ learner: 'vm-b', blueprint: IPVS_LAB })).id);
    expect(next.engine).not.toBe(vm);
    expect(await next.engine.ping()).toBe(true);
    expect((await runChecks({ checks: [CHECK], run: run(next) })).tests[0]!.status).toBe('fail');
  });
});
