// The single-machine deployment: the systemd unit (read line by line: systemd-analyze needs a
// running systemd), its environment file (through the real settings schema) and the nginx site
// in front (through `nginx -t`, where nginx is installed: `opslab setup --test` installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../server/config.js';
import { findExecutable } from '../../server/engine/host.js';
import { envFile } from '../helpers/env-file.js';
import { ROOT } from '../helpers/manifests.js';

const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

/** A unit file's settings per section: `[Service]` → `ExecStart` → its values (a key may repeat). */
function unitFile(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let section: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      sections.set(header[1]!, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 1) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq).trim();
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
}

describe('deploy/systemd', () => {
  const unit = unitFile(read('deploy/systemd/opslab.service'));
  const get = (section: string, key: string) => unit.get(section)?.get(key) ?? [];

  it('runs `opslab serve` from /opt/opslab with its environment file, restarts it on failure and stops it with SIGTERM in time', () => {
    expect(get('Service', 'ExecStart')).toEqual(['node /opt/opslab/bin/opslab.js serve']);
    expect(get('Service', 'EnvironmentFile')).toEqual(['/etc/opslab/opslab.env']);
    expect(get('Service', 'Restart')).toEqual(['on-failure']);
    expect(get('Service', 'KillSignal')).toEqual(['SIGTERM']);
    expect(Number(get('Service', 'TimeoutStopSec')[0])).toBeGreaterThan(0);
    expect(get('Service', 'Type')).toEqual(['simple']);
    expect(get('Install', 'WantedBy')).toEqual(['multi-user.target']);
  });

  it('starts after docker.service and wants it, so dockerd is systemd’s, not the server’s', () => {
    expect(get('Unit', 'After').join(' ').split(/\s+/)).toContain('docker.service');
    expect(get('Unit', 'Wants').join(' ').split(/\s+/)).toContain('docker.service');
  });

  it('has an example environment the settings schema accepts, behind one proxy at an https URL', () => {
    const env = envFile(read('deploy/systemd/opslab.env.example'));
    expect(() => parseSettings(env)).not.toThrow();
    expect(env.OPSLAB_TRUST_PROXY).toBe('1');
    expect(new URL(env.OPSLAB_PUBLIC_URL!).protocol).toBe('https:');
    expect(env.OPSLAB_HOST).toBe('127.0.0.1');
  });
});

describe('deploy/nginx', () => {
  const site = read('deploy/nginx/opslab.conf');

  it('redirects HTTP to HTTPS, upgrades websockets, does not buffer or time out long-lived lab connections, passes the client address', () => {
    expect(site).toMatch(/map \$http_upgrade \$connection_upgrade \{/);
    expect(site).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
    expect(site).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(site).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(site).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    const labs = /location \/api\/labs\/ \{([^}]*)\}/.exec(site)?.[1] ?? '';
    expect(labs).toMatch(/proxy_buffering off;/);
    for (const t of ['proxy_read_timeout', 'proxy_send_timeout']) expect(Number(new RegExp(`${t} (\\d+)s;`).exec(labs)?.[1]), t).toBeGreaterThanOrEqual(3600);
  });

  it('serves the name the example environment gives as OPSLAB_PUBLIC_URL', () => {
    const env = envFile(read('deploy/systemd/opslab.env.example'));
    const names = [...site.matchAll(/server_name ([^;]+);/g)].flatMap((m) => m[1]!.split(/\s+/));
    expect(new Set(names)).toEqual(new Set([new URL(env.OPSLAB_PUBLIC_URL!).hostname]));
  });

  const nginx = findExecutable('nginx');
  describe.skipIf(!nginx)('nginx -t (skipped where nginx is not installed)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-nginx-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=labs.example.org', '-keyout', path.join(dir, 'privkey.pem'), '-out', path.join(dir, 'fullchain.pem')], { stdio: 'pipe' });

    /** `nginx -t` of the site (its certificate paths pointed at a self-signed pair) inside a minimal http block. */
    const check = (text: string) => {
      writeFileSync(path.join(dir, 'opslab.conf'), text.replaceAll('/etc/ssl/opslab/', `${dir}/`));
      writeFileSync(
        path.join(dir, 'nginx.conf'),
        [`pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log;`, 'events {}', 'http {', '  access_log off;', `  client_body_temp_path ${dir}/body;`, `  proxy_temp_path ${dir}/proxy;`, `  include ${dir}/opslab.conf;`, '}', ''].join('\n'),
      );
      const r = spawnSync(nginx!, ['-t', '-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
      return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
    };

    it('accepts deploy/nginx/opslab.conf', () => {
      const r = check(site);
      expect(r.output).toMatch(/test is successful/);
      expect(r.ok).toBe(true);
    });

    it('refuses a broken copy of it (this test can fail)', () => {
      const r = check(site.replace('proxy_buffering off;', 'proxy_buffering off'));
      expect(r.ok).toBe(false);
      expect(r.output).toMatch(/emerg/);
    });
  });
});
