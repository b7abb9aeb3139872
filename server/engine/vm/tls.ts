// Per-boot TLS for the vm engine's Docker API: a CA, a server certificate for the guest's
// dockerd and a client certificate for this process, all made fresh for each boot with
// node:crypto (ECDSA P-256). The guest's dockerd runs with --tlsverify, so a local user who
// connects to the forwarded port without this boot's client key gets no API at all.
// X.509 is written here in DER by hand (node:crypto signs but does not build certificates);
// only what Go's and OpenSSL's verifiers need: v3, CN names, basicConstraints, keyUsage,
// extKeyUsage and subjectAltName.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface VmTls {
  /** The per-boot CA (its key is dropped once the two certificates are signed). */
  caPem: string;
  /** For the guest's dockerd (handed over through fw_cfg). */
  server: PemPair;
  /** For this process only; never written to disk. */
  client: PemPair;
}

/** Where the guest's dockerd is reached: the host forward (127.0.0.1) and its own address. */
const SERVER_IPS = ['127.0.0.1', '10.0.2.15'];

export function makeVmTls(props: { now?: Date } = {}): VmTls {
  const now = props.now ?? new Date();
  // A guest clock a little behind the host's must not see a certificate from the future.
  const notBefore = new Date(now.getTime() - 3600_000);
  const tag = randomBytes(4).toString('hex');
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = name(`opslab vm CA ${tag}`);
  const caPem = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    notBefore,
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true))),
      extension(OID.keyUsage, true, keyUsageBits([5, 6])), // keyCertSign, cRLSign
    ],
  });
  const leaf = (cn: string, usage: string, san: Buffer[]): PemPair => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const extensions = [
      extension(OID.basicConstraints, true, seq()),
      extension(OID.keyUsage, true, keyUsageBits([0])), // digitalSignature
      extension(OID.extKeyUsage, false, seq(oid(usage))),
    ];
    if (san.length) extensions.push(extension(OID.subjectAltName, false, seq(...san)));
    const certPem = certificate({ subject: name(cn), issuer: caName, publicKey: keys.publicKey, signer: ca.privateKey, notBefore, extensions });
    return { certPem, keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  };
  const server = leaf(`opslab vm dockerd ${tag}`, OID.serverAuth, [
    ...SERVER_IPS.map((ip) => der(0x87, Buffer.from(ip.split('.').map(Number)))), // iPAddress
    der(0x82, Buffer.from('localhost')), // dNSName
  ]);
  const client = leaf(`opslab vm client ${tag}`, OID.clientAuth, []);
  return { caPem, server, client };
}

// ---- DER --------------------------------------------------------------------------------------

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  let len: Buffer;
  if (body.length < 0x80) len = Buffer.from([body.length]);
  else {
    const bytes: number[] = [];
    for (let n = body.length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...parts: Buffer[]) => der(0x30, ...parts);
const set = (...parts: Buffer[]) => der(0x31, ...parts);
const bool = (v: boolean) => der(0x01, Buffer.from([v ? 0xff : 0]));
const octets = (b: Buffer) => der(0x04, b);
const bits = (b: Buffer, unused = 0) => der(0x03, Buffer.from([unused]), b);
const explicit = (n: number, inner: Buffer) => der(0xa0 | n, inner);

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  return der(0x02, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

function name(cn: string): Buffer {
  return seq(set(seq(oid(OID.commonName), der(0x0c, Buffer.from(cn, 'utf8')))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** keyUsage as a DER named-bit BIT STRING (trailing zero bits dropped). */
function keyUsageBits(set_: number[]): Buffer {
  let byte = 0;
  for (const bit of set_) byte |= 0x80 >> bit;
  const lowest = Math.max(...set_);
  return bits(Buffer.from([byte]), 7 - lowest);
}

function certificate(props: { subject: Buffer; issuer: Buffer; publicKey: KeyObject; signer: KeyObject; notBefore: Date; extensions: Buffer[] }): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, and 16 bytes long
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    algorithm,
    props.issuer,
    seq(time(props.notBefore), time(new Date(Date.UTC(9999, 11, 31, 23, 59, 59)))), // no end: the keys live as long as the VM
    props.subject,
    props.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...props.extensions)),
  );
  const signature = sign('sha256', tbs, props.signer); // ECDSA-Sig-Value in DER
  const cert = seq(tbs, algorithm, bits(signature));
  const b64 = cert.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
