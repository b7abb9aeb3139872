// Grading submissions of prometheus-alert (its Alertmanager task) and nginx-proxy-cache (its first
// two tasks): a correct one written another valid way passes, and each wrong one that the checks
// once judged wrongly gets its verdict with the mistake named. The two exercises are graded at
// once, each lab a fresh one on the local engine.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAll, readSubmissions } from '../../server/check/grade.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { readCheckLine } from '../helpers/check-message.js';
import { testLabManager } from '../helpers/engine.js';

type Variant = { files: Record<string, string>; verdict: 'pass' | 'fail'; failing?: RegExp };

// prometheus-alert, on monitor: rules and scrape jobs written another way than the solve scripts
// (another file, `< 1`, `> 0`, an aggregation that keeps the label server), then Alertmanager.
const promBase = (poolFor: string) => `set -eu
mkdir -p /etc/prometheus/alerts
cat > /etc/prometheus/alerts/pool.rules.yml <<'RULES'
groups:
- name: pool
  rules:
  - alert: InstanceDown
    expr: up{job="node"} < 1
    for: 6s
    labels: {severity: critical}
    annotations: {summary: 'node exporter {{ $labels.instance }} does not answer'}
  - alert: PoolServerDown
    expr: max by (server, proxy) (haproxy_server_status{proxy="web", state="DOWN"}) > 0
    for: ${poolFor}
    labels: {severity: warning}
    annotations: {summary: 'HAProxy took {{ $labels.server }} out of the pool'}
RULES
cat > /etc/prometheus/prometheus.yml <<'CONF'
global: {scrape_interval: 2s, evaluation_interval: 2s}
rule_files: [/etc/prometheus/alerts/pool.rules.yml]
alerting:
  alertmanagers:
  - static_configs: [{targets: ['127.0.0.1:9093']}]
scrape_configs:
- job_name: node
  static_configs: [{targets: [lb:9100, web1:9100, web2:9100]}]
- job_name: haproxy
  static_configs: [{targets: [lb:8405]}]
CONF
service prometheus-alertmanager start >/dev/null
service prometheus start >/dev/null
until curl -sf localhost:9093/-/ready >/dev/null && curl -sf localhost:9090/-/ready >/dev/null; do sleep 0.5; done
until curl -s localhost:9090/api/v1/alertmanagers | grep -q 9093/api; do sleep 0.5; done
`;
const amConfig = (routing: string) => `cat > /etc/prometheus/alertmanager.yml <<'CONF'
${routing}
CONF
`;
// The old 'match:' form of a child route, and a receiver with no configs named otherwise.
const AM_OK = amConfig(`route:
  receiver: blackhole
  group_by: [alertname, instance]
  group_wait: 1s
  group_interval: 2s
  routes:
  - receiver: oncall
    match: {severity: critical}
receivers:
- name: blackhole
- name: oncall
  webhook_configs: [{url: 'http://127.0.0.1:5001/'}]`);
// The pager as the root receiver: every alert pages, the warning too.
const AM_PAGES_ALL = amConfig(`route:
  receiver: pager
  group_by: [alertname, instance]
  group_wait: 1s
  group_interval: 2s
receivers:
- name: pager
  webhook_configs: [{url: 'http://127.0.0.1:5001/', send_resolved: true}]`);
const PROM: Record<string, Variant> = {
  correct: { files: { 'monitor.sh': AM_OK + promBase('6s') }, verdict: 'pass' },
  // With PoolServerDown's for: at 10 s (which the rules check once let through), the warning
  // fired only after the pager check had brought web2 back, and this passed; with 6 s it passed
  // one run in six.
  'pages-everything': { files: { 'monitor.sh': AM_PAGES_ALL + promBase('10s') }, verdict: 'fail', failing: /PoolServerDown \(severity warning\) reached the pager/ },
};

// nginx-proxy-cache, on cache: one file in conf.d, a cache without levels, 60s and `any 10s`,
// `proxy_cache off` for accounts.
const nginxConf = (catalogue: string, news: string) => `set -eu
mkdir -p /var/cache/nginx-shop
cat > /etc/nginx/conf.d/shop.conf <<'CONF'
proxy_cache_path /var/cache/nginx-shop keys_zone=shopcache:5m inactive=5m;
server {
    listen 80;
    location / {
        proxy_pass http://ORIGIN:8080;
        proxy_cache shopcache;
        proxy_cache_valid 200 ${catalogue};
        add_header X-Cache-Status $upstream_cache_status;
    }
    location /news/ {
        proxy_pass http://ORIGIN:8080;
        proxy_cache shopcache;
        proxy_cache_valid any ${news};
        proxy_ignore_headers Cache-Control Set-Cookie;
        proxy_hide_header Set-Cookie;
        add_header X-Cache-Status $upstream_cache_status;
    }
    location /account/ {
        proxy_pass http://ORIGIN:8080;
        proxy_cache off;
    }
}
CONF
sed -i "s/ORIGIN/$ORIGIN_IP/" /etc/nginx/conf.d/shop.conf
rm -f /etc/nginx/sites-enabled/default
nginx -t 2>/dev/null && nginx
`;
const NGINX: Record<string, Variant> = {
  correct: { files: { 'cache.sh': nginxConf('60s', '10s') }, verdict: 'pass' },
  'valid-1h': { files: { 'cache.sh': nginxConf('1h', '10s') }, verdict: 'fail', failing: /for 3600 s .*the task wants 1 minute/ },
  'news-1h': { files: { 'cache.sh': nginxConf('60s', '1h') }, verdict: 'fail', failing: /for 3600 s .*the task wants 10 s for news/ },
  // The lab's origin stopped: said so, not blamed on proxy_pass.
  'origin-gone': { files: { 'cache.sh': nginxConf('60s', '10s'), 'origin.sh': 'kill $(pidof socat)\n' }, verdict: 'fail', failing: /lab's origin on .* does not answer/ },
};

const { curriculum } = loadCurriculum('curricula');

function grade(props: { exercise: string; tasks: string[]; variants: Record<string, Variant>; labs: () => LabManager }) {
  return async () => {
    const ex = curriculum.exercises.get(props.exercise)!;
    const dir = mkdtempSync(path.join(tmpdir(), `opslab-${props.exercise}-subs-`));
    for (const [kind, v] of Object.entries(props.variants)) {
      mkdirSync(path.join(dir, kind));
      for (const [f, text] of Object.entries(v.files)) writeFileSync(path.join(dir, kind, f), text);
    }
    const subs = readSubmissions({ dir, hosts: ex.lab!.hosts.map((h) => h.name) });
    expect(subs).toHaveLength(Object.keys(props.variants).length);
    const checks = props.tasks.flatMap((t) => checksOf(ex, t));
    const graded = await gradeAll({ labs: props.labs(), blueprint: blueprintOf(ex), checks, submissions: subs, concurrency: subs.length });
    // Every submission judged before the verdict, so that a failure lists all that went wrong.
    const wrong = graded.flatMap((g) => {
      const want = props.variants[g.submission]!;
      // readCheckLine: the message as the learner reads it, whether or not the grader rendered its key.
      const problems = g.results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status}: ${readCheckLine(t.message, `curricula/linux-ops/${props.exercise}`)}`);
      const right =
        g.results.status === want.verdict && !g.results.tests.some((t) => t.status === 'error') && (!want.failing || problems.some((p) => want.failing!.test(p)));
      return right ? [] : [`${g.submission} (${g.results.status}, wanted ${want.verdict}): ${problems.join(' | ') || 'every check passed'}`];
    });
    expect(wrong).toEqual([]);
  };
}

describe.concurrent('grading prometheus-alert and nginx-proxy-cache submissions', () => {
  let labs: LabManager;
  beforeAll(async () => {
    ({ labs } = await testLabManager({ curriculumDir: 'curricula' }));
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  it('prometheus-alert: a warning that pages is seen; a correct route passes', { timeout: 400_000 }, grade({ exercise: 'prometheus-alert', tasks: ['alertmanager'], variants: PROM, labs: () => labs }));
  it('nginx-proxy-cache: the minute and the 10 s are bounded; a stopped origin is named', { timeout: 400_000 }, grade({ exercise: 'nginx-proxy-cache', tasks: ['cache', 'headers'], variants: NGINX, labs: () => labs }));
});
