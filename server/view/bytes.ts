// Reading fields of a captured frame for the decoder: addresses in the forms people read, and the
// one question every header asks first (are these bytes really there?).

/** True when `buf` holds `n` bytes from `off`. */
export function has(buf: Buffer, off: number, n: number): boolean {
  return off >= 0 && n >= 0 && off + n <= buf.length;
}

/** "02:42:0a:01:02:03" (the caller checked the 6 bytes are there). */
export function macAt(buf: Buffer, off: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(buf[off + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** "10.1.2.3" (the caller checked the 4 bytes are there). */
export function ipv4At(buf: Buffer, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** "0x88cc" */
export function hex16(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
