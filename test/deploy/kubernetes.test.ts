// deploy/kubernetes as a cluster would take it: every YAML document valid against the Kubernetes
// schemas of its kind, with no field the API does not know, and the properties the deployment
// rests on (health probes, where each setting comes from, who is privileged, who reaches the
// engines, what the engines' certificate names) read from the manifests themselves.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../server/config.js';
import { LAB_BRIDGE_PREFIX } from '../../server/engine/firewall.js';
import { fieldProblems, KUSTOMIZATION, loadManifests, type Manifest, parseManifests, podTemplates, ROOT, schemaProblems, yamlFiles } from '../helpers/manifests.js';

const DIR = 'deploy/kubernetes';
const { manifests, problems: yamlProblems } = loadManifests(DIR);

function one(kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} in ${DIR}, found ${found.length}`);
  return found[0]!;
}
// biome-ignore lint/suspicious/noExplicitAny: containers are read by path, as in the YAML
type Container = any;
const containerOf = (m: Manifest, name: string, init = false): Container => {
  const c = (m.body.spec.template.spec[init ? 'initContainers' : 'containers'] ?? []).find((x: Container) => x.name === name);
  if (!c) throw new Error(`${m.kind} ${m.name} has no ${init ? 'init ' : ''}container ${name}`);
  return c;
};
/** MiB in a Kubernetes quantity such as 112Gi or 512Mi. */
const mib = (q: string) => {
  const m = /^(\d+)(Mi|Gi|Ti)$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  return Number(m[1]) * { Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[m[2] as 'Mi' | 'Gi' | 'Ti'];
};

const config = one('ConfigMap', 'opslab-config').body.data as Record<string, string>;
const secret = one('Secret', 'opslab-secrets').body.stringData as Record<string, string>;
const server = one('Deployment', 'opslab-server');
const serverContainer = containerOf(server, 'server');
const engine = one('StatefulSet', 'opslab-engine');
const dockerd = containerOf(engine, 'dockerd');

/** The server container's environment: each variable and where its value comes from. */
function serverEnv(): Map<string, { value?: string; secret?: string; field?: string; configMap?: string }> {
  const env = new Map<string, { value?: string; secret?: string; field?: string; configMap?: string }>();
  for (const from of serverContainer.envFrom ?? []) {
    const cm = one('ConfigMap', from.configMapRef.name).body.data as Record<string, string>;
    for (const [k, v] of Object.entries(cm)) env.set(k, { value: v, configMap: from.configMapRef.name });
  }
  for (const e of serverContainer.env ?? []) {
    const ref = e.valueFrom ?? {};
    env.set(e.name, {
      value: e.value,
      secret: ref.secretKeyRef && `${ref.secretKeyRef.name}/${ref.secretKeyRef.key}`,
      field: ref.fieldRef?.fieldPath,
    });
  }
  return env;
}

/** OPSLAB_ENGINES entries: NAME=TARGET?key=value&..., whitespace- or ;-separated. */
function engines(): { name: string; url: URL }[] {
  return config.OPSLAB_ENGINES!.split(/[\s;]+/)
    .filter(Boolean)
    .map((entry) => {
      const eq = entry.indexOf('=');
      return { name: entry.slice(0, eq), url: new URL(entry.slice(eq + 1)) };
    });
}

describe('deploy/kubernetes: valid for Kubernetes', () => {
  it('parses, and reads the same as YAML 1.1 (what Kubernetes reads) and 1.2', () => {
    expect(yamlProblems).toEqual([]);
    expect(manifests.length).toBeGreaterThan(10);
  });

  it('every document is a kind the test knows, valid against its Kubernetes schema', () => {
    expect(manifests.flatMap(schemaProblems)).toEqual([]);
  });

  it('no document has a field the Kubernetes API does not know, or a value of the wrong type', () => {
    expect(fieldProblems(manifests)).toEqual([]);
  });

  it('catches a broken manifest, a misspelt field, an unknown kind and YAML 1.1 surprises (this test can fail)', () => {
    const broken = structuredClone(server);
    broken.body.spec.replicas = 'three';
    expect(schemaProblems(broken).join('\n')).toMatch(/replicas must be integer/);
    const misspelt = structuredClone(server);
    misspelt.body.spec.template.spec.containers[0].readinesProbe = { httpGet: { path: '/api/health', port: 8080 } };
    expect(schemaProblems(misspelt)).toEqual([]); // the schema validators let unknown fields through...
    expect(fieldProblems([misspelt]).join('\n')).toMatch(/containers\.readinesProbe: .*does not exist in type 'IContainer'/); // ...the field check does not
    expect(schemaProblems({ ...server, apiVersion: 'batch/v1', kind: 'CronJob' }).join('\n')).toMatch(/CronJob is a kind this test does not know/);
    expect(parseManifests('a: on\nmode: 0440\n', 'x.yaml').problems).toEqual(['x.yaml: reads differently as YAML 1.1 (what Kubernetes reads): quote the value']);
  });

  it('kustomization.yaml lists every manifest of the folder once (extras/ is applied by hand)', () => {
    const kustomization = manifests.find((m) => `${m.apiVersion} ${m.kind}` === KUSTOMIZATION)!;
    const listed: string[] = kustomization.body.resources;
    const files = yamlFiles(DIR).filter((f) => path.dirname(f) === DIR && path.basename(f) !== 'kustomization.yaml').map((f) => path.basename(f));
    expect([...listed].sort()).toEqual(files);
    expect(new Set(listed).size).toBe(listed.length);
  });
});

describe('deploy/kubernetes: the servers', () => {
  it('run 3 replicas on port 8080: readiness asks /api/health/ready, liveness and startup /api/health/live (an engine or database outage restarts nothing)', () => {
    expect(server.body.spec.replicas).toBe(3);
    const port = serverContainer.ports.find((p: Container) => p.name === 'http');
    expect(port.containerPort).toBe(8080);
    expect(config.OPSLAB_PORT).toBe('8080');
    const paths = { readinessProbe: '/api/health/ready', livenessProbe: '/api/health/live', startupProbe: '/api/health/live' };
    for (const [probe, want] of Object.entries(paths)) {
      expect(serverContainer[probe].httpGet.path, probe).toBe(want);
      expect([8080, 'http'], probe).toContain(serverContainer[probe].httpGet.port);
    }
  });

  it('take the secret and the database from the Secret, their name and address from the downward API, the engines from the ConfigMap', () => {
    const env = serverEnv();
    expect(env.get('OPSLAB_SECRET')?.secret).toBe('opslab-secrets/secret');
    expect(env.get('OPSLAB_DATABASE_URL')?.secret).toBe('opslab-secrets/database-url');
    expect(env.get('OPSLAB_METRICS_TOKEN')?.secret).toBe('opslab-secrets/metrics-token');
    expect(Object.keys(secret)).toEqual(expect.arrayContaining(['secret', 'database-url']));
    expect(env.get('OPSLAB_SERVER_ID')?.field).toBe('metadata.name');
    expect(env.get('OPSLAB_ADVERTISE_URL')?.value).toBe('http://$(POD_IP):8080');
    expect(env.get('POD_IP')?.field).toBe('status.podIP');
    // $(POD_IP) expands only variables defined before it.
    const order = serverContainer.env.map((e: Container) => e.name);
    expect(order.indexOf('POD_IP')).toBeLessThan(order.indexOf('OPSLAB_ADVERTISE_URL'));
    expect(env.get('OPSLAB_ENGINES')?.configMap).toBe('opslab-config');
    expect(env.get('OPSLAB_HOST')?.value).toBe('0.0.0.0');
  });

  it('are not privileged: non-root, no capabilities, no privilege escalation, a read-only root with emptyDir for data and cache', () => {
    const pod = server.body.spec.template.spec;
    const sc = serverContainer.securityContext;
    expect(sc.privileged ?? false).toBe(false);
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.capabilities.drop).toEqual(['ALL']);
    expect(sc.capabilities.add ?? []).toEqual([]);
    expect(sc.runAsNonRoot ?? pod.securityContext.runAsNonRoot).toBe(true);
    expect(sc.runAsUser ?? pod.securityContext.runAsUser).toBeGreaterThan(0);
    for (const dir of [config.OPSLAB_DATA, config.OPSLAB_CACHE]) {
      const mount = serverContainer.volumeMounts.find((v: Container) => v.mountPath === dir);
      expect(mount, dir).toBeDefined();
      expect(pod.volumes.find((v: Container) => v.name === mount.name).emptyDir, dir).toBeDefined();
    }
  });

  it('have settings the settings schema accepts, and a placeholder secret it refuses (no server starts with it)', () => {
    expect(() => parseSettings({ ...config })).not.toThrow();
    expect(() => parseSettings({ ...config, OPSLAB_SECRET: secret.secret })).toThrow(/OPSLAB_SECRET: expected at least 32 characters/);
  });

  it('are reached through the Ingress with long timeouts and no buffering for terminals and event streams, over TLS, at the public URL', () => {
    const ingress = one('Ingress', 'opslab').body;
    const a = ingress.metadata.annotations;
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(a['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    const host = new URL(config.OPSLAB_PUBLIC_URL!);
    expect(host.protocol).toBe('https:');
    expect(ingress.spec.tls).toEqual([{ hosts: [host.hostname], secretName: expect.any(String) }]);
    expect(ingress.spec.rules.map((r: Container) => r.host)).toEqual([host.hostname]);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const service = one('Service', backend.name).body;
    expect(service.spec.selector).toEqual(server.body.spec.selector.matchLabels);
    expect(service.spec.ports.map((p: Container) => p.name)).toContain(backend.port.name);
  });

  it('reach the PostgreSQL of postgres.yaml, and lose at most one replica to a voluntary disruption', () => {
    const url = new URL(secret['database-url']!);
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    const pg = one('Service', url.hostname).body;
    expect(pg.spec.ports[0].port).toBe(Number(url.port));
    expect(one('StatefulSet', 'opslab-postgres').body.spec.volumeClaimTemplates).toHaveLength(1);
    const pdb = one('PodDisruptionBudget', 'opslab-server').body;
    expect(pdb.spec.selector).toEqual(server.body.spec.selector);
    expect(pdb.spec.maxUnavailable).toBe(1);
  });
});

describe('deploy/kubernetes: privileges', () => {
  const privileged = () =>
    podTemplates(manifests).flatMap(({ owner, spec }) =>
      [...(spec.initContainers ?? []).map((c: Container) => ({ c, what: `init ${c.name}` })), ...spec.containers.map((c: Container) => ({ c, what: c.name }))]
        .filter(({ c }) => c.securityContext?.privileged === true || (c.securityContext?.capabilities?.add ?? []).length > 0)
        .map(({ what }) => `${owner}: ${what}`),
    );

  it("the only privileged containers are the engine's dockerd and its kernel-module initContainer", () => {
    expect(privileged().sort()).toEqual(['StatefulSet/opslab-engine: dockerd', 'StatefulSet/opslab-engine: init kernel-modules']);
  });

  it('no pod shares the node’s network, processes or IPC, mounts a host path but /lib/modules read-only, holds an API token or gets service links', () => {
    for (const { owner, spec } of podTemplates(manifests)) {
      expect(spec.hostNetwork ?? false, owner).toBe(false);
      expect(spec.hostPID ?? false, owner).toBe(false);
      expect(spec.hostIPC ?? false, owner).toBe(false);
      expect(spec.automountServiceAccountToken, owner).toBe(false);
      expect(spec.enableServiceLinks, owner).toBe(false);
      const hostPaths = (spec.volumes ?? []).filter((v: Container) => v.hostPath);
      expect(hostPaths.map((v: Container) => v.hostPath.path), owner).toEqual(hostPaths.length ? ['/lib/modules'] : []);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const m of c.volumeMounts ?? []) if (hostPaths.some((v: Container) => v.name === m.name)) expect(m.readOnly, `${owner} ${c.name}`).toBe(true);
      }
    }
  });
});

describe('deploy/kubernetes: the engines', () => {
  const spec = engine.body.spec;

  it('are a StatefulSet with a headless Service, one per dedicated node', () => {
    const service = one('Service', spec.serviceName).body;
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.selector).toEqual(spec.selector.matchLabels);
    const pod = spec.template.spec;
    const anti = pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(anti).toEqual([{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: spec.selector.matchLabels } }]);
    expect(Object.keys(pod.nodeSelector)).toEqual(['opslab.io/lab-engine']);
    expect(pod.tolerations.map((t: Container) => t.key)).toContain('opslab.io/lab-engine');
  });

  it("run dockerd with user namespaces and TLS with verification on 2376, the certificates from a Secret", () => {
    const args: string[] = dockerd.args;
    expect(args).toEqual(expect.arrayContaining(['--userns-remap=default', '--tlsverify', '--host=tcp://0.0.0.0:2376']));
    expect(args.some((a) => a.startsWith('--host=tcp://') && !a.endsWith(':2376'))).toBe(false);
    const mount = dockerd.volumeMounts.find((m: Container) => m.name === 'engine-tls');
    expect(spec.template.spec.volumes.find((v: Container) => v.name === 'engine-tls').secret.secretName).toBe('opslab-engine-tls');
    for (const flag of ['tlscacert', 'tlscert', 'tlskey']) expect(args.find((a) => a.startsWith(`--${flag}=`))).toMatch(new RegExp(`^--${flag}=${mount.mountPath}/`));
    expect(dockerd.ports).toEqual([expect.objectContaining({ containerPort: 2376 })]);
  });

  it('load every kernel module the vm engine loads for labs, from the node’s /lib/modules', () => {
    const init = containerOf(engine, 'kernel-modules', true);
    const script: string = init.command.join(' ');
    const wanted = readFileSync(path.join(ROOT, 'images/vm/modules.txt'), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .flatMap((l) => l.split(/\s+/))
      .filter(Boolean)
      // QEMU's network card, and a dependency modprobe brings along (busybox's did not).
      .filter((m) => !['virtio_net', 'crc32c_generic', 'libcrc32c'].includes(m));
    expect(wanted.length).toBeGreaterThan(20);
    const loaded = new Set([...script.matchAll(/for m in ([^;]+);/g)].flatMap((list) => list[1]!.replace(/\\\n/g, ' ').split(/\s+/)));
    expect(wanted.filter((m) => !loaded.has(m))).toEqual([]);
    expect(init.volumeMounts).toEqual([{ name: 'modules', mountPath: '/lib/modules', readOnly: true }]);
  });

  it('are each named in OPSLAB_ENGINES by their stable name, port and the servers’ client certificate, within their memory limit', () => {
    const tlsMount = serverContainer.volumeMounts.find((m: Container) => m.name === 'engine-tls').mountPath;
    expect(server.body.spec.template.spec.volumes.find((v: Container) => v.name === 'engine-tls').secret.secretName).toBe('opslab-engine-client-tls');
    const listed = engines();
    expect(new Set(listed.map((e) => e.name)).size).toBe(listed.length);
    expect(listed.map((e) => e.url.hostname)).toEqual(Array.from({ length: spec.replicas }, (_, i) => `opslab-engine-${i}.${spec.serviceName}`));
    for (const { name, url } of listed) {
      expect(url.protocol, name).toBe('tcp:');
      expect(url.port, name).toBe('2376');
      expect(url.searchParams.get('tls'), name).toBe(tlsMount);
      expect(Number(url.searchParams.get('memory')), name).toBeLessThan(mib(dockerd.resources.limits.memory));
      expect(Number(url.searchParams.get('labs')), name).toBeGreaterThan(0);
    }
  });

  it('answer the servers only, on 2376, and reach nothing themselves', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && !m.where.includes('/extras/'));
    const onEngine = policies.filter((p) => JSON.stringify(p.body.spec.podSelector.matchLabels) === JSON.stringify(spec.selector.matchLabels));
    const ingress = onEngine.filter((p) => p.body.spec.policyTypes.includes('Ingress'));
    expect(ingress.flatMap((p) => p.body.spec.ingress)).toEqual([
      { from: [{ podSelector: { matchLabels: server.body.spec.selector.matchLabels } }], ports: [{ protocol: 'TCP', port: 2376 }] },
    ]);
    const egress = onEngine.filter((p) => p.body.spec.policyTypes.includes('Egress'));
    expect(egress).toHaveLength(1);
    expect(egress[0]!.body.spec.egress).toEqual([]);
  });

  it("install the lab firewall on their lab bridges, as the server does on a local engine", () => {
    const entrypoint = path.join(ROOT, 'deploy/engine-image/entrypoint.sh');
    execFileSync('sh', ['-n', entrypoint]);
    const text = readFileSync(entrypoint, 'utf8');
    const bridges = `${LAB_BRIDGE_PREFIX}+`;
    expect(text).toContain(`INPUT -i ${bridges} `);
    expect(text).toContain(`FORWARD -i ${bridges} -m physdev ! --physdev-is-bridged`);
    expect(text).toContain(`FORWARD -o ${bridges} -m physdev ! --physdev-is-bridged`);
    expect(text).toContain('DOCKER-USER -m physdev --physdev-is-bridged');
    expect(text).toMatch(/for bin in iptables ip6tables/);
    // Ready (and its name resolvable) only once the firewall is in place and dockerd answers.
    const ready = text.indexOf('touch /run/opslab-engine.ready');
    expect(text.indexOf('firewall || ')).toBeGreaterThan(0);
    expect(ready).toBeGreaterThan(text.indexOf('firewall || '));
    expect(ready).toBeGreaterThan(text.indexOf('until docker '));
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(dockerd[probe].exec.command.join(' '), probe).toContain('test -e /run/opslab-engine.ready');
  });
});

describe('deploy/kubernetes/engine-tls.sh', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'opslab-engine-tls-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const replicas: number = engine.body.spec.replicas;
  const files = () => {
    execFileSync('sh', [path.join(ROOT, DIR, 'engine-tls.sh'), '--engines', String(replicas), '--out', out], { stdio: 'pipe' });
    const read = (who: string, f: string) => readFileSync(path.join(out, who, f));
    return { ca: read('engine', 'ca.pem'), engine: { cert: read('engine', 'cert.pem'), key: read('engine', 'key.pem') }, client: { cert: read('client', 'cert.pem'), key: read('client', 'key.pem') } };
  };
  const made = files();

  it('makes an engine certificate for every name in OPSLAB_ENGINES, serving only, and a client certificate, client only, both from one CA', () => {
    const ca = new X509Certificate(made.ca);
    const engineCert = new X509Certificate(made.engine.cert);
    const clientCert = new X509Certificate(made.client.cert);
    for (const { url } of engines()) expect(engineCert.checkHost(url.hostname), url.hostname).toBe(url.hostname);
    expect(engineCert.checkHost(`opslab-engine-${replicas}.opslab-engine`)).toBeUndefined();
    expect(engineCert.verify(ca.publicKey)).toBe(true);
    expect(clientCert.verify(ca.publicKey)).toBe(true);
    expect(engineCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(clientCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    for (const key of ['ca-key.pem', 'engine/key.pem', 'client/key.pem']) expect(statSync(path.join(out, key)).mode & 0o077, key).toBe(0);
  });

  /** A TLS handshake as the server (dockerode) makes it with an engine (dockerd, --tlsverify). */
  async function handshake(client: { cert: Buffer; key: Buffer }, servername: string): Promise<{ engineAccepted: boolean; serverAccepted: boolean }> {
    const engineSide = tls.createServer({ ...made.engine, ca: made.ca, requestCert: true, rejectUnauthorized: false });
    let engineAccepted = false;
    engineSide.on('secureConnection', (s) => {
      engineAccepted = s.authorized;
      s.end();
    });
    await new Promise<void>((r) => engineSide.listen(0, '127.0.0.1', r));
    const { port } = engineSide.address() as { port: number };
    const serverAccepted = await new Promise<boolean>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port, servername, ca: made.ca, ...client }, () => resolve(s.authorized));
      s.on('error', () => resolve(false));
      s.on('close', () => resolve(false));
    });
    await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => engineSide.close(r));
    return { engineAccepted, serverAccepted };
  }

  it('lets a server with the client certificate in, and refuses the engine certificate as a client', async () => {
    const name = engines()[0]!.url.hostname;
    expect(await handshake(made.client, name)).toEqual({ engineAccepted: true, serverAccepted: true });
    expect((await handshake(made.engine, name)).engineAccepted).toBe(false);
    expect((await handshake(made.client, 'opslab-engine-99.elsewhere')).serverAccepted).toBe(false);
  });
});
