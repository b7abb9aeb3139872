// localStorage that never breaks the page: it may be missing or refuse (private mode, a sandboxed
// frame, a full quota), and then a remembered setting is simply not remembered. Tests pass a storage.

type Store<K extends keyof Storage> = Pick<Storage, K> | undefined;

function local(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // reading the property itself throws where storage is disabled
  }
}

/** The stored text, or null when there is none or storage is unavailable. */
export function readStored(key: string, storage: Store<'getItem'> = local()): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Remember `value`; refused storage keeps it for this visit only. */
export function writeStored(key: string, value: string, storage: Store<'setItem'> = local()): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Full or refused storage: nothing to do.
  }
}

/** Forget the stored value (nothing happens where storage is unavailable). */
export function forgetStored(key: string, storage: Store<'removeItem'> = local()): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Refused storage: nothing was stored either.
  }
}
