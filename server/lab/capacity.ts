// Who may start another lab: caps per learner, per client address and in all, and on an engine whose
// labs share fixed memory (the vm engine's guest). Checked with no await between the look and the
// lab being added, so two starts cannot both take the last place.
import type { CapacityDetails } from '../../shared/api.js';
import { engineIdOf, type Engine } from '../engine/types.js';
import { OpslabError } from '../errors.js';
import type { HostLimits } from './runtime.js';
import type { Lab } from './types.js';

/**
 * A CAPACITY error's details as a refusal knows them: which cap, how many labs hold it, and for an
 * engine's cap which engine (the retry estimate is added by capacity-wait.ts, from that engine's labs).
 */
export type CapHeld = Omit<CapacityDetails, 'retryAfter'> & { engine?: string };

/**
 * The CAPACITY error of a refused start, here or in the store (shared.ts refusedError): the message
 * says which cap and the fix, `details` which cap and how many labs hold it. An engine's cap brings
 * its own message, and its id when known.
 */
export function capacityError(cap: CapHeld['cap'], running: number, engine?: { id?: string; message: string }): OpslabError {
  const message =
    cap === 'learner'
      ? `You have ${running} labs running; delete one before starting another.`
      : cap === 'address'
        ? 'Your network address holds as many labs as one address may; delete a lab (or ask the operator to raise OPSLAB_MAX_LABS_PER_ADDRESS for a class behind one address).'
        : engine?.message; // the platform's: the catalog's message (capacity-wait.ts adds the wait)
  const details: CapHeld = { cap, running, ...(engine?.id === undefined ? {} : { engine: engine.id }) };
  return new OpslabError('CAPACITY', message, { details });
}

export interface CapacityLimits {
  maxLabs: number;
  maxLabsPerLearner: number;
  /** Live labs started from one client address (fresh identities are cheap; addresses are not). */
  maxLabsPerAddress: number;
}

/**
 * The learner's live lab of this exercise, to be returned instead of a second one; undefined when
 * a new lab may start; LAB_ALREADY_STARTING or CAPACITY (saying which cap) when it may not.
 */
export function admit(props: { labs: Lab[]; learner: string; exercise: string; address?: string; limits: CapacityLimits }): Lab | undefined {
  const { labs, learner, address, limits } = props;
  const mine = labs.filter((l) => l.learner === learner && (l.state === 'starting' || l.state === 'ready'));
  const same = mine.find((l) => l.exercise === props.exercise);
  if (same) return same;
  if (mine.some((l) => l.state === 'starting')) throw new OpslabError('LAB_ALREADY_STARTING');
  if (mine.length >= limits.maxLabsPerLearner) {
    throw capacityError('learner', mine.length);
  }
  const live = labs.filter((l) => l.state !== 'failed');
  const fromAddress = address === undefined ? 0 : live.filter((l) => l.address === address).length;
  if (address !== undefined && fromAddress >= limits.maxLabsPerAddress) {
    throw capacityError('address', fromAddress);
  }
  if (live.length >= limits.maxLabs) throw capacityError('platform', live.length);
  return undefined;
}

/** Memory one lab of `hosts` hosts may take on `engine`, MiB: its hosts' limits, within the engine's share (placement, warm-lab budget). */
export function labMemoryMiB(props: { hosts: number; engine: Engine; limits: HostLimits }): number {
  const { hosts, engine, limits } = props;
  const perHost = engine.labBudget ? Math.min(limits.memoryBytes, engine.labBudget.hostMemoryBytes(hosts)) : limits.memoryBytes;
  return Math.ceil((perHost * hosts) / 2 ** 20);
}

/** CAPACITY when `engine`'s memory holds no more labs than it has. */
export function admitOnEngine(props: { labs: Lab[]; engine: Engine }): void {
  const { labs, engine } = props;
  const onEngine = labs.filter((l) => l.engine === engine && (l.state === 'starting' || l.state === 'ready')).length;
  if (engine.labBudget && onEngine >= engine.labBudget.maxLabs) {
    throw capacityError('engine', onEngine, { id: engineIdOf(engine), message: `The ${engine.kind} engine holds ${onEngine} labs, as many as its memory allows; try again when one ends.` });
  }
}
