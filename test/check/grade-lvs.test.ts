// Grading the LVS and keepalived exercises (they need IPVS: the vm engine) gives correct work its
// pass however an administrator writes it, and broken work a fail that names the mistake: for each
// of the six exercises, one correct submission written the other way (net-tools, sysctl.d files,
// labels and other interfaces, ipvsadm's long options and -R, nftables and arptables ARP rules,
// a split keepalived configuration with @ids and $definitions started with --use-file FILE ...)
// and one broken one. One vm engine for all, labs side by side as the selftest runs them (the
// file's maxConcurrency, vitest.config.ts); longest first. A broken submission is graded on the
// task where its mistake shows (a fresh lab fails every other task anyway). Prints its wall time:
// 241 s on a 2-core machine otherwise idle (the guest resumed from its snapshot), 827 s on the same
// machine with a load average of 15 (2026-12).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission, readSubmissions } from '../../server/check/grade.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { createEngines } from '../../server/engine/connect.js';
import type { EngineSet } from '../../server/engine/select.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createInspector, createLabManager } from '../../server/platform.js';
import type { LabInspector } from '../../server/view/inspector.js';
import { readCheckLine } from '../helpers/check-message.js';

interface Case {
  exercise: string;
  name: string;
  /** host → script */
  files: Record<string, string>;
  verdict: 'pass' | 'fail';
  /** Only these tasks' checks (a broken submission: where its mistake shows; see lvs-schedulers). */
  tasks?: string[];
  /** A failing check's message must match. */
  failing?: RegExp;
}

// keepalived: one configuration for both directors, split in files (include, relative to the
// including file), @lb1/@lb2 lines, a $definition, synonyms (lvs_sched, lvs_method, nb_get_retry),
// inhibit_on_failure, nopreempt with state MASTER (keepalived clears it), a label on the VIP;
// started from /etc/keepalived with a relative --use-file FILE.
const KEEPALIVED = (prio: { lb1: number; lb2: number }) => `mkdir -p /etc/keepalived/ha/conf.d
cat > /etc/keepalived/ha/main.conf <<CONF
global_defs {
    @lb1 router_id lb1
    @lb2 router_id lb2
}
include conf.d/*.conf
CONF
cat > /etc/keepalived/ha/conf.d/vrrp.conf <<CONF
vrrp_instance VI_WEB {
    @lb1 state MASTER
    @lb2 state BACKUP
    @lb1 nopreempt
    interface eth0
    virtual_router_id 42
    @lb1 priority ${prio.lb1}
    @lb2 priority ${prio.lb2}
    advert_int 1
    unicast_peer {
        @lb1 $LB2_IP
        @lb2 $LB1_IP
    }
    authentication {
        auth_type PASS
        auth_pass hapair42
    }
    virtual_ipaddress {
        $VIP/32 dev eth0 label eth0:vip
    }
}
CONF
cat > /etc/keepalived/ha/conf.d/web.conf <<CONF
\\$WEB_CHECK=HTTP_GET { \\\\
    url { \\\\
        path / \\\\
        status_code 200 \\\\
    } \\\\
    connect_timeout 2 \\\\
    nb_get_retry 1 \\\\
    delay_before_retry 1 \\\\
}
virtual_server $VIP 80 {
    delay_loop 2
    lvs_sched rr
    lvs_method DR
    protocol TCP
    inhibit_on_failure
    real_server $RS1_IP 80 {
        \\$WEB_CHECK
    }
    real_server $RS2_IP 80 {
        TCP_CHECK {
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
}
CONF
cd /etc/keepalived
setsid -f keepalived --use-file ha/main.conf -n -l -D </dev/null >>/var/log/keepalived.log 2>&1
sleep 4
`;

const NAT_DIRECTOR = (apply: boolean) => `ifconfig eth0:vip "$VIP" netmask 255.255.255.255 up
echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-lvs.conf
${apply ? 'sysctl -p /etc/sysctl.d/90-lvs.conf' : ': the file is written, not applied'}
cat > /etc/ipvsadm.rules <<RULES
-A -t $VIP:80 -s wrr
-a -t $VIP:80 -r $RS1_IP:80 -m -w 3
-a -t $VIP:80 -r $RS2_IP:80 -m -w 1
RULES
ipvsadm -R < /etc/ipvsadm.rules
`;
const NAT_RS = `route del default 2>/dev/null || true
route add default gw "$DIRECTOR_PRIVATE_IP"
`;

const SCHED = (rrWeight3: number) => `
ipvsadm --add-service --tcp-service "$VIP:80" --scheduler rr
for rip in "$RS1_IP" "$RS2_IP"; do ipvsadm --add-server --tcp-service "$VIP:80" --real-server "$rip:80" --masquerading; done
ipvsadm --add-server --tcp-service "$VIP:80" --real-server "$RS3_IP:80" --masquerading --weight ${rrWeight3}
cat > /etc/ipvsadm.rules <<RULES
-A -t $VIP:8080 -s wrr
-a -t $VIP:8080 -r $RS1_IP:80 -m -w 6
-a -t $VIP:8080 -r $RS2_IP:80 -m -w 4
-a -t $VIP:8080 -r $RS3_IP:80 -m -w 2
-A -t $VIP:9000 -s lc
-a -t $VIP:9000 -r $RS1_IP:9000 -m
-a -t $VIP:9000 -r $RS2_IP:9000 -m
-a -t $VIP:9000 -r $RS3_IP:9000 -m
-A -t $VIP:9001 -s wlc
-a -t $VIP:9001 -r $RS1_IP:9000 -m -w 3
-a -t $VIP:9001 -r $RS2_IP:9000 -m -w 1
-a -t $VIP:9001 -r $RS3_IP:9000 -m -w 1
-A -t $VIP:81 -s sh
-a -t $VIP:81 -r $RS1_IP:80 -m
-a -t $VIP:81 -r $RS2_IP:80 -m
-a -t $VIP:81 -r $RS3_IP:80 -m
-A -t $VIP:82 -s rr -p 600
-a -t $VIP:82 -r $RS1_IP:80 -m
-a -t $VIP:82 -r $RS2_IP:80 -m
-a -t $VIP:82 -r $RS3_IP:80 -m
RULES
ipvsadm -R < /etc/ipvsadm.rules
`;

const DR_DIRECTOR = `ifconfig eth0:0 "$VIP" netmask 255.255.255.255 up
ipvsadm --add-service --tcp-service "$VIP:80" --scheduler rr
ipvsadm --add-server --tcp-service "$VIP:80" --real-server "$RS1_IP:80" --gatewaying
ipvsadm --add-server --tcp-service "$VIP:80" --real-server "$RS2_IP:80" --gatewaying
`;
// rs1: a sysctl.d file, the VIP on a label of lo (net-tools).
const DR_RS_SYSCTL = `cat > /etc/sysctl.d/90-lvs-dr.conf <<CONF
net.ipv4.conf.all.arp_ignore = 1
net.ipv4.conf.all.arp_announce = 2
CONF
sysctl -p /etc/sysctl.d/90-lvs-dr.conf
ifconfig lo:0 "$VIP" netmask 255.255.255.255 up
`;
// rs2: an nftables ARP rule in place of arp_ignore, arp_announce by /proc, the VIP on a dummy.
const DR_RS_NFT = `nft add table arp lvs
nft add chain arp lvs in '{ type filter hook input priority 0; }'
nft add rule arp lvs in arp operation request arp daddr ip "$VIP" drop
echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce
ip link add vip0 type dummy
ip link set vip0 up
ip addr add "$VIP/32" dev vip0
`;
const DR_RS_LO_ONLY = `sysctl -w net.ipv4.conf.lo.arp_ignore=1 net.ipv4.conf.lo.arp_announce=2
ip addr add "$VIP/32" dev lo
`;

const TUN_DIRECTOR = `ip addr add "$VIP/32" dev eth0
ipvsadm -A -t "$VIP:80" -s rr
ipvsadm -a -t "$VIP:80" -r "$RS1_IP:80" --ipip
ipvsadm -a -t "$VIP:80" -r "$RS2_IP:80" --ipip
`;
// rs1: the VIP on tunl0 (net-tools), an nftables ARP rule for arp_ignore, a sysctl.d file for the rest.
const TUN_RS_NFT = `ifconfig tunl0 "$VIP" netmask 255.255.255.255 up
nft add table arp lvs
nft add chain arp lvs in '{ type filter hook input priority 0; }'
nft add rule arp lvs in arp daddr ip "$VIP" drop
cat > /etc/sysctl.d/90-lvs-tun.conf <<CONF
net.ipv4.conf.all.arp_announce = 2
net.ipv4.conf.all.rp_filter = 0
net.ipv4.conf.tunl0.rp_filter = 0
CONF
sysctl -p /etc/sysctl.d/90-lvs-tun.conf
`;
// rs2: the VIP on lo, tunl0 up without it (a packet for any local address is accepted).
const TUN_RS_LO = (allRp: number) => `sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
ip link set tunl0 up
ip addr add "$VIP/32" dev lo
echo ${allRp} > /proc/sys/net/ipv4/conf/all/rp_filter
echo 0 > /proc/sys/net/ipv4/conf/tunl0/rp_filter
`;

const FULLNAT_DIRECTOR = (snat: string) => `ip addr add "$VIP/$PUBLIC_PREFIX" dev eth0
cat > /etc/sysctl.d/90-fullnat.conf <<CONF
net.ipv4.ip_forward = 1
net.ipv4.vs.conntrack = 1
CONF
sysctl -p /etc/sysctl.d/90-fullnat.conf
ipvsadm -A -t "$VIP:80" -s rr
ipvsadm -a -t "$VIP:80" -r "$RS1_IP:80" -m
ipvsadm -a -t "$VIP:80" -r "$RS2_IP:80" -m
${snat}
`;
// Other traffic leaving by the public side is masqueraded (a rule that is not about full NAT),
// and the private leg is translated to the DIP by a native nftables rule.
const FULLNAT_SNAT_NFT = `iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
nft add table ip fullnat
nft add chain ip fullnat post '{ type nat hook postrouting priority srcnat; }'
nft add rule ip fullnat post oifname eth1 ip daddr "$PRIVATE_SUBNET" snat to "$DIRECTOR_PRIVATE_IP"`;
const FULLNAT_SNAT_VIP = 'iptables -t nat -A POSTROUTING -o eth1 -j SNAT --to-source "$VIP"';

// Longest first: the labs run side by side, so the long keepalived drills overlap the rest.
const CASES: Case[] = [
  { exercise: 'keepalived-ha', name: 'split-config-ids-inhibit', files: { 'lb1.sh': KEEPALIVED({ lb1: 200, lb2: 100 }), 'lb2.sh': KEEPALIVED({ lb1: 200, lb2: 100 }) }, verdict: 'pass' },
  // The schedulers' behaviour checks (held connections, 33 sources for sh) cost minutes on the
  // vm engine and judge the same table: the tasks whose services this submission writes each way.
  { exercise: 'lvs-schedulers', name: 'long-options-and-restore', files: { 'director.sh': SCHED(1) }, verdict: 'pass', tasks: ['rr', 'wrr', 'persist'] },
  { exercise: 'keepalived-ha', name: 'equal-priorities', files: { 'lb1.sh': KEEPALIVED({ lb1: 100, lb2: 100 }), 'lb2.sh': KEEPALIVED({ lb1: 100, lb2: 100 }) }, verdict: 'fail', tasks: ['pair'], failing: /lb1 and lb2 both have priority 100/ },
  { exercise: 'lvs-fullnat', name: 'nft-snat-beside-public-masquerade', files: { 'director.sh': FULLNAT_DIRECTOR(FULLNAT_SNAT_NFT) }, verdict: 'pass' },
  { exercise: 'lvs-nat', name: 'net-tools-sysctl-d-restore', files: { 'director.sh': NAT_DIRECTOR(true), 'rs1.sh': NAT_RS, 'rs2.sh': NAT_RS }, verdict: 'pass' },
  { exercise: 'lvs-dr', name: 'label-dummy-nft-arp', files: { 'director.sh': DR_DIRECTOR, 'rs1.sh': DR_RS_SYSCTL, 'rs2.sh': DR_RS_NFT }, verdict: 'pass' },
  { exercise: 'lvs-tun', name: 'nft-arp-vip-on-lo', files: { 'director.sh': TUN_DIRECTOR, 'rs1.sh': TUN_RS_NFT, 'rs2.sh': TUN_RS_LO(0) }, verdict: 'pass' },
  { exercise: 'lvs-fullnat', name: 'snat-to-vip', files: { 'director.sh': FULLNAT_DIRECTOR(FULLNAT_SNAT_VIP) }, verdict: 'fail', tasks: ['source-nat'], failing: /translates to \S+, the VIP,/ },
  { exercise: 'lvs-schedulers', name: 'rr-weight-0', files: { 'director.sh': SCHED(0) }, verdict: 'fail', tasks: ['rr'], failing: /rs3 has weight 0 on TCP \S+ \(quiescent\)/ },
  { exercise: 'lvs-nat', name: 'sysctl-d-not-applied', files: { 'director.sh': NAT_DIRECTOR(false), 'rs1.sh': NAT_RS, 'rs2.sh': NAT_RS }, verdict: 'fail', tasks: ['director-forwards'], failing: /ip_forward is 0 on the director/ },
  { exercise: 'lvs-dr', name: 'arp-sysctls-on-lo', files: { 'director.sh': DR_DIRECTOR, 'rs1.sh': DR_RS_SYSCTL, 'rs2.sh': DR_RS_LO_ONLY }, verdict: 'fail', tasks: ['real-servers'], failing: /arp_ignore is set on rs2's lo only/ },
  { exercise: 'lvs-tun', name: 'rp-filter-all-left-1', files: { 'director.sh': TUN_DIRECTOR, 'rs1.sh': TUN_RS_NFT, 'rs2.sh': TUN_RS_LO(1) }, verdict: 'fail', tasks: ['real-servers'], failing: /rp_filter is 1 on rs2's tunl0 or all/ },
];

const { curriculum } = loadCurriculum('curricula');
const started = Date.now();
let shared: Promise<{ engines: EngineSet; labs: LabManager; inspector: LabInspector }> | undefined;
const platform = () =>
  (shared ??= createEngines({ mode: 'auto' })
    .then((engines) => ({ engines, labs: createLabManager({ engines, exercises: () => curriculum.exercises, instance: `grade-lvs-${randomBytes(3).toString('hex')}` }) }))
    .then((p) => ({ ...p, inspector: createInspector({ labs: p.labs, instance: p.labs.instance }) })));

describe('grading LVS and keepalived submissions (vm engine)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'opslab-lvs-subs-'));
  afterAll(async () => {
    console.log(`grade-lvs: ${CASES.length} submissions of ${new Set(CASES.map((c) => c.exercise)).size} exercises graded in ${((Date.now() - started) / 1000).toFixed(1)} s (wall time, vm engine start included)`);
    if (!shared) return;
    const { engines, labs, inspector } = await shared;
    await inspector.close();
    await labs.close({ destroyAll: true });
    await engines.close();
  });

  it.concurrent.each(CASES.map((c) => [`${c.exercise} ${c.name} (${c.verdict})`, c] as const))('%s', { timeout: 1_200_000 }, async (_title, c) => {
    const ex = curriculum.exercises.get(c.exercise)!;
    const hosts = ex.lab!.hosts.map((h) => h.name);
    // A submission as `opslab grade` reads it: a folder with <host>.sh per host it configures.
    const folder = path.join(dir, c.exercise);
    mkdirSync(path.join(folder, c.name), { recursive: true });
    for (const [file, text] of Object.entries(c.files)) writeFileSync(path.join(folder, c.name, file), `set -eu\n${text}`);
    const submission = readSubmissions({ dir: folder, hosts }).find((s) => s.name === c.name)!;
    expect(submission.unknown).toEqual([]);
    const checks = checksOf(ex).filter((k) => !c.tasks || c.tasks.includes(k.taskId));
    const { labs, inspector } = await platform();
    const t0 = Date.now();
    const graded = await gradeSubmission({ labs, blueprint: blueprintOf(ex), checks, submission, drillFor: (lab) => inspector.drillOf(lab, 'grading') });
    // readCheckLine: the message as the learner reads it, whether or not the grader rendered its key.
    const problems = graded.results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status}: ${t.name}: ${readCheckLine(t.message, `curricula/linux-ops/${c.exercise}`)}`);
    console.log(`grade-lvs: ${c.exercise} ${c.name}: ${graded.results.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s${problems.length ? `\n  ${problems.join('\n  ')}` : ''}`);
    // A lab that could not be used: what the guest's console said then (the run's only view inside the VM).
    if (graded.results.tests.some((t) => t.status === 'error')) {
      const { engines } = await platform();
      for (const e of engines.all()) if (e.consoleTail) console.log(`grade-lvs: the ${e.kind} engine's console ends:\n${e.consoleTail(40)}`);
    }
    expect(graded.results.tests.some((t) => t.status === 'error'), problems.join(' | ')).toBe(false);
    expect(graded.results.status, problems.join(' | ')).toBe(c.verdict);
    if (c.failing) expect(problems.some((p) => c.failing!.test(p)), problems.join(' | ')).toBe(true);
  });
});
