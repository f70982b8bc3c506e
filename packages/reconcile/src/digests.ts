import { createHash } from "node:crypto";

const digestOf = (id: string) => createHash("sha256").update(id).digest().readBigUInt64BE(0);

/**
 * A table's live ids as sorted 64-bit digests, each with a mark for "listed": 9 bytes an id where a Set of
 * the strings takes about 100, so a million rows hold 9 MB. Two ids sharing a digest (about one chance in
 * 4 x 10^7 at a million rows, n^2 / 2^65) can only hide a missing row, never make a listed one look gone.
 */
export class ListedDigests {
  #digests = new BigUint64Array(1024);
  #size = 0;
  #listed = new Uint8Array(0);

  /** Adds a live id; every id is added before the first {@link markListed}. */
  add(id: string): void {
    if (this.#size === this.#digests.length) {
      const grown = new BigUint64Array(this.#digests.length * 2);
      grown.set(this.#digests);
      this.#digests = grown;
    }
    this.#digests[this.#size++] = digestOf(id);
  }

  /** Ends the adding: sorted, trimmed, every id unlisted. */
  seal(): this {
    this.#digests = this.#digests.slice(0, this.#size).sort();
    this.#listed = new Uint8Array(this.#size);
    return this;
  }

  get size(): number {
    return this.#size;
  }

  /** The first index holding this digest, or -1. */
  #find(digest: bigint): number {
    let low = 0;
    let high = this.#digests.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#digests[middle] as bigint) < digest) low = middle + 1;
      else high = middle;
    }
    return this.#digests[low] === digest ? low : -1;
  }

  markListed(id: string): void {
    const digest = digestOf(id);
    for (let index = this.#find(digest); index >= 0 && this.#digests[index] === digest; index++)
      this.#listed[index] = 1;
  }

  /** Whether the id was among the live ids and the listing never named it; ids added since are not. */
  isUnlisted(id: string): boolean {
    const index = this.#find(digestOf(id));
    return index >= 0 && this.#listed[index] === 0;
  }

  unlistedCount(): number {
    return this.#listed.reduce((count, listed) => count + (listed === 0 ? 1 : 0), 0);
  }
}
