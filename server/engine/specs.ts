// OPSLAB_ENGINES parsed: the engine pool's entries (fleet.ts connects them). No imports, so the
// settings schema (config.ts) can use it without a circle.
export interface EngineSpec {
  id: string;
  /** `local`, `vm`, or a Docker endpoint: unix:///path, tcp://host:port, ssh://user@host. */
  target: string;
  /** Labs at once and MiB they may take (types.ts EngineCapacity). */
  capacity: { labs?: number; memoryMiB?: number };
  pool?: string;
  /** Directory with ca.pem, cert.pem, key.pem (TLS with verification). */
  tls?: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * `NAME=TARGET[?labs=N&memory=MiB&pool=CIDR&tls=DIR]`, separated by spaces or `;`. Throws an Error
 * naming the bad entry (config.ts turns it into OPSLAB_ENGINES: ...).
 */
export function parseEngineSpecs(text: string): EngineSpec[] {
  const specs: EngineSpec[] = [];
  for (const entry of text.split(/[\s;]+/).filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq < 1) throw new Error(`'${entry}' is not NAME=TARGET`);
    const id = entry.slice(0, eq);
    if (!NAME.test(id)) throw new Error(`engine name '${id}': lowercase letters, digits and -, at most 32`);
    if (specs.some((s) => s.id === id)) throw new Error(`engine name '${id}' is given twice`);
    const [target = '', query = ''] = entry.slice(eq + 1).split('?', 2);
    if (!/^(local|vm|unix:\/\/\/\S+|tcp:\/\/[^/?\s]+|ssh:\/\/[^/?\s]+)$/.test(target)) throw new Error(`engine '${id}': target '${target}' is not local, vm, unix:///path, tcp://host:port or ssh://user@host`);
    const spec: EngineSpec = { id, target, capacity: {} };
    for (const [key, value] of new URLSearchParams(query)) {
      const whole = (min: number, max: number) => {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`engine '${id}': ${key}=${value} is not a whole number ${min}-${max}`);
        return n;
      };
      if (key === 'labs') spec.capacity.labs = whole(1, 100_000);
      else if (key === 'memory') spec.capacity.memoryMiB = whole(64, 16_777_216);
      else if (key === 'pool') {
        const m = CIDR.exec(value);
        if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) < 8 || Number(m[5]) > 24) throw new Error(`engine '${id}': pool=${value} is not an IPv4 CIDR of /8 to /24`);
        spec.pool = value;
      } else if (key === 'tls') spec.tls = value;
      else throw new Error(`engine '${id}': unknown option '${key}' (labs, memory, pool, tls)`);
    }
    if (spec.tls && !target.startsWith('tcp://')) throw new Error(`engine '${id}': tls= is for tcp:// engines`);
    specs.push(spec);
  }
  if (!specs.length) throw new Error('no engine given');
  return specs;
}

