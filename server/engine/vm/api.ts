// The guest's Docker API as this process reaches it: TLS on the forwarded port, this boot's CA
// and client certificate (tls.ts). Raw GETs for the boot wait and the watchdog, and the
// dockerode client for everything else.
import { Agent, request } from 'node:https';
import { type DockerClient, dockerOverTls } from '../docker.js';
import type { VmTls } from './tls.js';

export interface GuestApi {
  /** One GET with a deadline; undefined when nothing (or no valid TLS peer) answered in time. */
  get(path: string, ms: number): Promise<{ status: number; body: string } | undefined>;
  /** True when dockerd answers /_ping within `ms`. */
  ping(ms: number): Promise<boolean>;
  dockerode(apiVersion: string): DockerClient;
}

export function guestApi(props: { port: number; tls: VmTls }): GuestApi {
  const { port, tls } = props;
  const creds = { ca: tls.caPem, cert: tls.client.certPem, key: tls.client.keyPem };
  // Kept-alive connections: a TLS handshake costs the guest's emulated CPU, a ping every 5 s should not.
  const agent = new Agent({ keepAlive: true, maxSockets: 2, ...creds });
  const get: GuestApi['get'] = (path, ms) =>
    new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'GET', ...creds, agent, timeout: ms });
      const timer = setTimeout(() => req.destroy(new Error('deadline')), ms);
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 65536) body += c;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      req.end();
    });
  return {
    get,
    ping: async (ms) => (await get('/_ping', ms))?.status === 200,
    dockerode: (apiVersion) => dockerOverTls({ port, ...creds, apiVersion }),
  };
}
