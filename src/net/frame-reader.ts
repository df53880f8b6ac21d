/**
 * Splits a plaintext connection's bytes into size-prefixed frames ("Common Request and
 * Response Structure" in docs/protocol.html) while choosing where the socket reads them to
 * (net.Socket's `onread`): small frames arrive in a chunk of 64 KiB and are handed out as views
 * of it, and the rest of a large frame (a Fetch response) is read by the kernel straight into a
 * buffer of the frame's size, as librdkafka does. The `'data'` path ({@link FrameDecoder}, kept
 * for TLS sockets, which have no `onread`) gets a new 64 KiB buffer from Node for every read
 * and copies a large frame out of them once it is complete: consuming records of 100 KB, those
 * buffers and that copy were a third of the process's CPU.
 *
 * As in {@link FrameDecoder}, a size prefix is checked against the limit before anything is
 * allocated, so a hostile 2 GB prefix costs nothing but an error.
 */
import type { FrameSizeViolation } from './frame-decoder.js';

/** Bytes of the chunk small frames are read into. */
const CHUNK_BYTES = 64 * 1024;
/** A read gets at least this much room; less left in the chunk and a new one is taken. */
const MIN_ROOM = 8 * 1024;
/** Frames from this size on are read into a buffer of their own, not the chunk. */
const DIRECT_FROM = 32 * 1024;

/** Incremental frame splitter that owns the buffers a socket reads into. */
export class FrameReader {
  private chunk: Buffer;
  /** First byte of {@link chunk} not yet handed out in a frame. */
  private start = 0;
  /** End of the bytes read into {@link chunk}. */
  private end = 0;
  /** Whether a frame handed out is a view of {@link chunk} (then it is never written again). */
  private shared = false;
  /** The large frame being read in place, and how much of it has arrived. */
  private frame: Buffer | undefined;
  private filled = 0;
  private stopped = false;

  /**
   * @param maxFrameSize largest frame accepted (without the 4-byte prefix).
   * @param onFrame called with every complete frame, in order.
   * @param onViolation called once for a size prefix out of bounds; nothing is read after it.
   * @param minFrameSize smallest frame accepted (a response holds at least its correlation id).
   */
  constructor(
    private readonly maxFrameSize: number,
    private readonly onFrame: (frame: Buffer) => void,
    private readonly onViolation: (violation: FrameSizeViolation) => void,
    private readonly minFrameSize = 4,
  ) {
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  }

  /** Where the next read goes (the socket's `onread.buffer`). */
  readonly nextBuffer = (): Uint8Array => {
    if (this.frame !== undefined) return this.frame.subarray(this.filled);
    if (this.chunk.length - this.end < MIN_ROOM) this.renew();
    return this.chunk.subarray(this.end);
  };

  /**
   * Takes `n` bytes just read into the last {@link nextBuffer} (the socket's `onread.callback`).
   * Returns false, which pauses the socket, after a size violation.
   */
  readonly received = (n: number): boolean => {
    if (this.stopped) return false;
    const frame = this.frame;
    if (frame !== undefined) {
      this.filled += n;
      if (this.filled === frame.length) {
        this.frame = undefined;
        this.filled = 0;
        this.onFrame(frame);
      }
      return !this.stopped;
    }
    this.end += n;
    this.split();
    return !this.stopped;
  };

  /** Hands out the complete frames in the chunk; moves a large incomplete one to its own buffer. */
  private split(): void {
    const c = this.chunk;
    while (this.end - this.start >= 4) {
      const size = c.readInt32BE(this.start);
      if (size < this.minFrameSize || size > this.maxFrameSize) {
        this.stopped = true;
        this.onViolation({ size });
        return;
      }
      const have = this.end - this.start - 4;
      if (have >= size) {
        const at = this.start + 4;
        this.start = at + size;
        this.shared = true;
        this.onFrame(c.subarray(at, at + size));
        if (this.stopped) return;
        continue;
      }
      if (size >= DIRECT_FROM) {
        const frame = Buffer.allocUnsafe(size);
        c.copy(frame, 0, this.start + 4, this.end);
        this.frame = frame;
        this.filled = have;
        this.start = this.end;
      }
      break;
    }
    // Nothing left to hand out and nothing handed out from this chunk: read into it again.
    if (this.start === this.end && !this.shared) this.start = this.end = 0;
  }

  /** A new chunk, holding the incomplete frame's bytes; frames handed out keep the old one. */
  private renew(): void {
    const tail = this.end - this.start;
    if (!this.shared) {
      this.chunk.copy(this.chunk, 0, this.start, this.end);
    } else {
      const next = Buffer.allocUnsafe(CHUNK_BYTES);
      this.chunk.copy(next, 0, this.start, this.end);
      this.chunk = next;
      this.shared = false;
    }
    this.start = 0;
    this.end = tail;
  }
}
