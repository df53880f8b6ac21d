/**
 * The decoded form of a record: offsets into the input rather than materialised views. A
 * `Buffer.subarray` costs about as much as parsing the rest of a small record, so `key` and
 * `value` are getters that make the view when (and each time) they are read; a consumer that
 * only looks at values never pays for keys. One class for every format keeps call sites
 * monomorphic.
 */
import type { Record, RecordHeader } from './record-batch.js';

/** A shared, frozen empty header list (no allocation for the common case). */
export const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

/** A record decoded from `src`; see the module comment. */
export class RecordView implements Record {
  constructor(
    readonly attributes: number,
    readonly timestampDelta: number,
    readonly offsetDelta: number,
    private readonly src: Buffer,
    /** Start of the key in `src`, and its length (-1 for null). */
    private readonly keyStart: number,
    private readonly keyLength: number,
    /** Start of the value in `src`, and its length (-1 for null). */
    private readonly valueStart: number,
    private readonly valueLength: number,
    readonly headers: readonly RecordHeader[],
  ) {}

  /** The key as a view into the input (a new view per read: keep it in a local), or `null`. */
  get key(): Buffer | null {
    return this.keyLength < 0 ? null : this.src.subarray(this.keyStart, this.keyStart + this.keyLength);
  }

  /** The value as a view into the input (a new view per read), or `null`. */
  get value(): Buffer | null {
    return this.valueLength < 0
      ? null
      : this.src.subarray(this.valueStart, this.valueStart + this.valueLength);
  }

  /** Key length in bytes, -1 for null (no view created). */
  get keySize(): number {
    return this.keyLength;
  }

  /** Value length in bytes, -1 for null (no view created). */
  get valueSize(): number {
    return this.valueLength;
  }

  /**
   * Copies the key's bytes into `target` at `at` without making a view (a printer assembling
   * many records into one buffer); copies nothing for a null key.
   * @returns the bytes copied.
   */
  copyKey(target: Uint8Array, at: number): number {
    return this.keyLength <= 0 ? 0 : this.src.copy(target, at, this.keyStart, this.keyStart + this.keyLength);
  }

  /** Copies the value's bytes into `target` at `at`, as {@link copyKey}. @returns the bytes copied. */
  copyValue(target: Uint8Array, at: number): number {
    return this.valueLength <= 0
      ? 0
      : this.src.copy(target, at, this.valueStart, this.valueStart + this.valueLength);
  }
}
