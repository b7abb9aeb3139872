// Request and response schemas of the lab view routes: LiveView, FaultRecord and CapturePreset of
// shared/lab-view.ts field for field (serialisation drops what a schema does not name).
import { CAPTURE_PRESET_IDS, FAULT_ACTIONS } from '../../../../shared/lab-view.js';
import { errorSchema } from '../../plugins/errors.js';
import { hostName as name, labErrors } from '../labs/schemas.js';

export const errors = { ...labErrors, 502: errorSchema };
const strings = { type: 'array', items: { type: 'string' } } as const;

const netemSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { delayMs: { type: 'number' }, jitterMs: { type: 'number' }, lossPct: { type: 'number' }, rateKbit: { type: 'number' } },
} as const;

export const faultBody = {
  type: 'object',
  required: ['action', 'host'],
  additionalProperties: false,
  properties: { action: { type: 'string', enum: [...FAULT_ACTIONS] }, host: name, network: name, netem: netemSchema },
} as const;

export const captureQuery = {
  type: 'object',
  required: ['preset'],
  additionalProperties: false,
  properties: {
    preset: { type: 'string', enum: [...CAPTURE_PRESET_IDS] },
    network: name,
    host: name,
    iface: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,15}$' },
    count: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
} as const;

const faultRecord = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['stopped', 'cut', 'netem'] },
    host: { type: 'string' },
    network: { type: 'string' },
    netem: netemSchema,
    by: { type: 'string', description: "Who did it: the page, the CLI, or a task's drill (its id)." },
    since: { type: 'string' },
  },
} as const;

export const faultsResponse = { type: 'object', properties: { faults: { type: 'array', items: faultRecord } } } as const;

const traffic = { conns: { type: 'number' }, inPackets: { type: 'number' }, outPackets: { type: 'number' }, inBytes: { type: 'number' }, outBytes: { type: 'number' } } as const;

const viewHost = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    state: { type: 'string', enum: ['running', 'stopped', 'missing'] },
    interfaces: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, mac: { type: 'string' }, network: { type: 'string' }, addresses: strings, up: { type: 'boolean' }, cut: { type: 'boolean' }, netem: netemSchema },
      },
    },
    neighbours: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ip: { type: 'string' }, mac: { type: 'string' }, iface: { type: 'string' }, state: { type: 'string' }, owner: { type: 'string' }, warning: { type: 'string' } },
      },
    },
    ipvs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          protocol: { type: 'string' },
          address: { type: 'string' },
          scheduler: { type: 'string' },
          persistent: { type: 'number' },
          realServers: {
            type: 'array',
            items: {
              type: 'object',
              properties: { address: { type: 'string' }, method: { type: 'string' }, weight: { type: 'number' }, active: { type: 'number' }, inactive: { type: 'number' }, ...traffic, host: { type: 'string' } },
            },
          },
          ...traffic,
        },
      },
    },
    vrrp: {
      type: 'object',
      properties: {
        state: { type: 'string', enum: ['MASTER', 'BACKUP', 'LISTENING'] },
        instances: {
          type: 'array',
          items: {
            type: 'object',
            properties: { vrid: { type: 'number' }, priority: { type: 'number' }, intervalS: { type: 'number' }, master: { type: 'string' }, from: { type: 'string' }, ageS: { type: 'number' }, addresses: strings },
          },
        },
      },
    },
    unreadable: { type: 'string' },
  },
} as const;

export const liveViewSchema = {
  type: 'object',
  properties: {
    lab: { type: 'string' },
    exercise: { type: 'string' },
    at: { type: 'string' },
    networks: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, subnet: { type: 'string' }, gateway: { type: 'string' } } } },
    hosts: { type: 'array', items: viewHost },
    addresses: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' }, heldBy: strings, onLo: strings } } },
    faults: { type: 'array', items: faultRecord },
    events: { type: 'array', items: { type: 'object', properties: { at: { type: 'string' }, text: { type: 'string' } } } },
  },
} as const;

export const presetsSchema = {
  type: 'array',
  items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, explain: { type: 'string' }, where: { type: 'string' } } },
} as const;

/** A server-sent event stream (its events are described in the route). */
export const eventStream = (description: string) => ({ description, content: { 'text/event-stream': { schema: { type: 'string' } } } });
