// Grading submissions of qemu-guest and cloud-init-seed that their checks once judged wrongly:
// an initramfs without (or with a dead) power-button script passed; a cloud-init whose host name
// was never its own doing passed (the container is named web1 anyway); a correct lab whose runcmd
// writes two lines, or whose first boot was redone after cloud-init clean, failed. Next to them,
// correct labs written another way than the solve scripts. No guest is booted: qemu-guest is
// graded on its initramfs task, cloud-init-seed on its checks on web1 (the SSH logins from ops do
// not change with these mistakes).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { gradeAll, readSubmissions } from '../../server/check/grade.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { testLabManager } from '../helpers/engine.js';

type Variant = { files: Record<string, string>; verdict: 'pass' | 'fail'; failing?: RegExp };

// qemu-guest's task 2 (vmhost.sh): the initramfs, with the power-button script as POWER makes it.
const initramfs = (power: string, pack = 'find . | cpio -o -H newc | gzip') => `set -eu
mkdir -p /root/vm && cd /root/vm
KVER=$(file -b /boot/vmlinuz | sed 's/.*version \\([^ ]*\\).*/\\1/')
mkdir -p initramfs/bin initramfs/dev initramfs/proc initramfs/sys initramfs/srv initramfs/lib/modules initramfs/etc/acpi/PWRF
cp /bin/busybox initramfs/bin/
cp -a "/lib/modules/$KVER" initramfs/lib/modules/
cat > initramfs/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /var/log /var/run
for m in virtio_pci virtio_net virtio_blk button evdev; do modprobe $m; done
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
mount -t ext4 /dev/vda /srv
echo "boot $(date)" >> /srv/boot.log
acpid
httpd -p 80 -h /srv
echo "GUEST READY"
while true; do sleep 3600; done
INIT
chmod +x initramfs/init
POWER='#!/bin/sh
killall httpd
echo "clean shutdown $(date)" >> /srv/boot.log
umount /srv
poweroff -f'
${power}
(cd initramfs && ${pack}) > initramfs.cpio.gz
`;
const QEMU: Record<string, Variant> = {
  // acpid runs every executable file of a folder PWRF/00000080 with run-parts; #!/bin/busybox sh.
  'power-folder': {
    files: {
      'vmhost.sh': initramfs(
        `mkdir initramfs/etc/acpi/PWRF/00000080
printf '%s\\n' "$POWER" | sed '1s|.*|#!/bin/busybox sh|' > initramfs/etc/acpi/PWRF/00000080/50-stop
chmod 755 initramfs/etc/acpi/PWRF/00000080/50-stop`,
        'find . -print0 | cpio --null -o --format=newc | gzip -9',
      ),
    },
    verdict: 'pass',
  },
  'no-power-button': { files: { 'vmhost.sh': initramfs(':') }, verdict: 'fail', failing: /no \/etc\/acpi\/PWRF\/00000080, the power-button script/ },
  'power-not-executable': {
    files: { 'vmhost.sh': initramfs(`printf '%s\\n' "$POWER" > initramfs/etc/acpi/PWRF/00000080`) },
    verdict: 'fail',
    failing: /00000080 in the archive is not executable/,
  },
};

// cloud-init-seed on web1 (web1.sh): a seed, its boots. KEY: a key pair of web1's own (the checks
// on web1 only need ana to have one).
const seed = (opts: { extra?: string; runcmd?: string; bootcmd?: boolean }) => `set -eu
ssh-keygen -q -t ed25519 -N '' -C ana@ops -f /root/ana_key
mkdir -p /var/lib/cloud/seed/nocloud
cd /var/lib/cloud/seed/nocloud
printf 'instance-id: web1-001\\nlocal-hostname: web1\\n' > meta-data
cat > user-data <<USER
#cloud-config
${opts.extra ?? ''}
users:
  - name: ana
    shell: /bin/bash
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    ssh_authorized_keys: ["$(cat /root/ana_key.pub)"]
write_files:
  - path: /etc/motd
    content: "web1: configured by cloud-init\\n"
  - path: /home/ana/app.env
    owner: ana:ana
    permissions: '0600'
    defer: true
    content: "APP_ENV=production\\n"
${opts.bootcmd === false ? '' : 'bootcmd:\n  - date >> /var/log/boots.log'}
runcmd:
${opts.runcmd ?? '  - [sh, -c, "date >> /var/log/instance-setup.log"]'}
USER
boot() {
  rm -rf /run/cloud-init
  cloud-init init --local
  cloud-init init
  cloud-init modules --mode=config
  cloud-init modules --mode=final
}
`;
const REBOOT_AND_NEW = `boot
boot
sed -i 's/^instance-id:.*/instance-id: web1-002/' meta-data
boot
`;
const CLOUD: Record<string, Variant> = {
  // runcmd writes two lines per instance: 4 lines for 2 instances, 3 boots.
  'two-line-runcmd': {
    files: { 'web1.sh': seed({ runcmd: '  - echo set up >> /var/log/instance-setup.log\n  - date >> /var/log/instance-setup.log' }) + REBOOT_AND_NEW },
    verdict: 'pass',
  },
  // A first seed without bootcmd, booted, then fixed: cloud-init clean makes the next boot a first one.
  'clean-then-again': {
    files: {
      'web1.sh': `${seed({ bootcmd: false })}boot
sed -i 's|^runcmd:|bootcmd:\\n  - date >> /var/log/boots.log\\nruncmd:|' user-data
cloud-init clean --logs
${REBOOT_AND_NEW}`,
    },
    verdict: 'pass',
  },
  // cloud-init told not to manage the host name: the container's /etc/hostname says web1 anyway.
  'preserve-hostname': { files: { 'web1.sh': seed({ extra: 'preserve_hostname: true' }) + REBOOT_AND_NEW }, verdict: 'fail', failing: /preserve_hostname/ },
};

describe('grading qemu-guest and cloud-init-seed submissions the checks once judged wrongly', () => {
  let labs: LabManager;
  let dir: string;
  const { curriculum } = loadCurriculum('curricula');
  beforeAll(async () => {
    ({ labs } = await testLabManager({ curriculumDir: 'curricula' }));
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-virt-cloud-subs-'));
    for (const [ex, variants] of Object.entries({ qemu: QEMU, cloud: CLOUD })) {
      for (const [kind, v] of Object.entries(variants)) {
        const sub = path.join(dir, ex, kind);
        mkdirSync(sub, { recursive: true });
        for (const [f, text] of Object.entries(v.files)) writeFileSync(path.join(sub, f), text);
      }
    }
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  // Each concurrent test asserts with its own expect (the test context's), so failures stay its own.
  const grade = async (expect: ExpectStatic, exId: string, sub: string, variants: Record<string, Variant>, only: (c: { taskId: string; host: string }) => boolean) => {
    const ex = curriculum.exercises.get(exId)!;
    const subs = readSubmissions({ dir: path.join(dir, sub), hosts: ex.lab!.hosts.map((h) => h.name) });
    expect(subs).toHaveLength(Object.keys(variants).length);
    const checks = checksOf(ex).filter(only);
    const graded = await gradeAll({ labs, blueprint: blueprintOf(ex), checks, submissions: subs, concurrency: subs.length });
    for (const g of graded) {
      const want = variants[g.submission]!;
      const problems = g.results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status}: ${t.message}`);
      expect(g.results.tests, g.submission).toHaveLength(checks.length);
      expect(g.results.status, `${g.submission}: ${problems.join(' | ')}`).toBe(want.verdict);
      expect(g.results.tests.some((t) => t.status === 'error'), `${g.submission}: ${problems.join(' | ')}`).toBe(false);
      if (want.failing) expect(problems.some((p) => want.failing!.test(p)), `${g.submission}: ${problems.join(' | ')}`).toBe(true);
    }
  };

  it.concurrent('qemu-guest: the initramfs check judges the power-button script', { timeout: 300_000 }, ({ expect }) =>
    grade(expect, 'qemu-guest', 'qemu', QEMU, (c) => c.taskId === 'initramfs'),
  );
  it.concurrent('cloud-init-seed: the checks on web1 judge what cloud-init did, and count boots with bounds', { timeout: 300_000 }, ({ expect }) =>
    grade(expect, 'cloud-init-seed', 'cloud', CLOUD, (c) => c.host === 'web1'),
  );
});
