// A set of strings kept as 64-bit fingerprints in typed arrays, each with a number attached (a row
// number): 16 bytes an entry instead of ~100 for a Map of strings, so checking a million-row file for
// duplicates keeps memory small. Two different strings sharing a fingerprint is possible in theory
// (about one chance in 10^7 for a million strings); callers use it where a false "duplicate" would be
// reported, never where it could lose data.

const EMPTY = 0;

/** FNV-1a over UTF-16 code units, in two independent 32-bit lanes (different offsets and primes). */
function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // 0 marks an empty slot: keep the first lane non-zero.
  return [a >>> 0 || 1, b >>> 0];
}

export class FingerprintSet {
  #hi = new Uint32Array(1024);
  #lo = new Uint32Array(1024);
  #values = new Uint32Array(1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The value stored with `key`, or undefined. */
  get(key: string): number | undefined {
    const [hi, lo] = fingerprint(key);
    const slot = this.#find(hi, lo);
    return this.#hi[slot] === EMPTY ? undefined : this.#values[slot];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Stores `key` with `value` (a non-negative integer below 2^32) unless it is there already. */
  set(key: string, value: number): void {
    if ((this.#size + 1) * 2 > this.#hi.length) this.#grow();
    const [hi, lo] = fingerprint(key);
    const slot = this.#find(hi, lo);
    if (this.#hi[slot] !== EMPTY) return;
    this.#hi[slot] = hi;
    this.#lo[slot] = lo;
    this.#values[slot] = value;
    this.#size++;
  }

  #find(hi: number, lo: number): number {
    const mask = this.#hi.length - 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    while (this.#hi[slot] !== EMPTY && (this.#hi[slot] !== hi || this.#lo[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  #grow() {
    const [hi, lo, values] = [this.#hi, this.#lo, this.#values];
    this.#hi = new Uint32Array(hi.length * 2);
    this.#lo = new Uint32Array(hi.length * 2);
    this.#values = new Uint32Array(hi.length * 2);
    for (let i = 0; i < hi.length; i++) {
      if (hi[i] === EMPTY) continue;
      const slot = this.#find(hi[i]!, lo[i]!);
      this.#hi[slot] = hi[i]!;
      this.#lo[slot] = lo[i]!;
      this.#values[slot] = values[i]!;
    }
  }
}
