/**
 * Tagged fields (KIP-482): in flexible versions every struct ends with a section of
 * `(tag, size, bytes)` entries. The generated codecs read the tags they know; the others are kept
 * as {@link TaggedField} entries and written back in tag order, as Java's
 * `RawTaggedFieldWriter` does, so a message passes through kafe without losing data.
 */
import { EncodeError } from './errors.js';
import type { Reader } from './primitives/reader.js';
import type { Writer } from './primitives/writer.js';

/** A tagged field this version of kafe does not know, kept as its raw payload. */
export interface TaggedField {
  tag: number;
  data: Uint8Array;
}

/**
 * Writes the entries of `fields` from index `from` whose tag is below `below` (the next known tag
 * to write, or `Infinity`) and returns the index of the first entry not written. Tags must be
 * strictly ascending and must not collide with a known tag.
 */
export function writeUnknownTaggedFields(
  w: Writer,
  fields: readonly TaggedField[],
  from: number,
  below: number,
): number {
  let i = from;
  for (; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.tag >= below) {
      if (field.tag === below)
        throw new EncodeError(`unknown tagged field ${field.tag} collides with a known tag`);
      break;
    }
    if (i > 0 && fields[i - 1]!.tag >= field.tag) {
      throw new EncodeError(
        `unknown tagged fields must have strictly ascending tags (${field.tag} after ${fields[i - 1]!.tag})`,
      );
    }
    w.writeUnsignedVarint(field.tag);
    w.writeUnsignedVarint(field.data.length);
    w.writeRaw(field.data);
  }
  return i;
}

/** A tagged-field section made only of unknown fields (the struct has no known tag in this version). */
export function writeTaggedFieldsSection(w: Writer, unknown: readonly TaggedField[] | undefined): void {
  if (unknown === undefined || unknown.length === 0) {
    w.writeEmptyTaggedFields();
    return;
  }
  w.writeUnsignedVarint(unknown.length);
  writeUnknownTaggedFields(w, unknown, 0, Number.POSITIVE_INFINITY);
}

/** Reads one tagged field's size and checks it against the bytes left. */
export function readTaggedFieldSize(r: Reader): number {
  const size = r.readUnsignedVarint();
  if (size > r.remaining)
    throw r.error(`tagged field of ${size} bytes exceeds the ${r.remaining} bytes left`);
  return size;
}

/** Reads a tagged-field section in which no tag is known; `undefined` when it is empty. */
export function readTaggedFieldsSection(r: Reader): TaggedField[] | undefined {
  const count = r.readUnsignedVarint();
  if (count === 0) return undefined;
  const out: TaggedField[] = [];
  for (let i = 0; i < count; i++) {
    const tag = r.readUnsignedVarint();
    out.push({ tag, data: r.readRaw(readTaggedFieldSize(r)) });
  }
  return out;
}

/** Checks that a known tagged field consumed exactly the size its header announced. */
export function checkTaggedFieldEnd(r: Reader, tag: number, end: number): void {
  if (r.offset !== end) throw r.error(`tagged field ${tag} ends at byte ${r.offset}, its size says ${end}`);
}
