// A set of 64-bit fingerprints in typed arrays: open addressing with linear probing, grown by doubling. The replay
// guard keeps every signature of the last five minutes; held as strings in a Map, that was one heap object per
// request (about 130 bytes, 2.7 million of them after five minutes at the bench's flat-out rate) for the garbage
// collector to mark again and again. Here the entries live in an ArrayBuffer, which the collector does not walk.

const EMPTY = 0;

export class FingerprintSet {
  /** Pairs (hi, lo); a pair of zeros marks a free slot. */
  private slots: Uint32Array;
  private count = 0;

  constructor(capacity = 16) {
    this.slots = new Uint32Array(2 * capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the fingerprint; false if it was already there. */
  add(hi: number, lo: number): boolean {
    // (0, 0) marks a free slot; the fingerprint that is all zeros (one in 2^64) is stored as (0, 1).
    if (hi === EMPTY && lo === EMPTY) lo = 1;
    const i = this.find(hi, lo);
    if (this.slots[i] !== EMPTY || this.slots[i + 1] !== EMPTY) return false;
    this.slots[i] = hi;
    this.slots[i + 1] = lo;
    this.count += 1;
    // At most half full, so a probe ends after a few slots.
    if (2 * this.count > this.slots.length / 2) this.grow();
    return true;
  }

  /** The index of the fingerprint's slot, or of the free slot where it would go. */
  private find(hi: number, lo: number): number {
    const mask = this.slots.length / 2 - 1;
    // The fingerprint is part of an HMAC, so its low bits are already uniformly spread.
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const i = 2 * slot;
      const h = this.slots[i]!;
      const l = this.slots[i + 1]!;
      if ((h === hi && l === lo) || (h === EMPTY && l === EMPTY)) return i;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(2 * old.length);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === EMPTY && old[i + 1] === EMPTY) continue;
      const j = this.find(old[i]!, old[i + 1]!);
      this.slots[j] = old[i]!;
      this.slots[j + 1] = old[i + 1]!;
    }
  }
}
