/**
 * Splits the byte stream of a connection into size-prefixed frames ("Common Request and
 * Response Structure" in docs/protocol.html: `RequestOrResponse => Size (RequestMessage |
 * ResponseMessage)`, Size an INT32).
 *
 * A frame that arrives inside one socket chunk is handed out as a view of that chunk (no copy);
 * only a frame spread over several chunks is assembled, once, when its last byte has arrived.
 * The announced size is checked against the limit before anything is allocated, so a hostile
 * 2 GB prefix costs nothing but an error.
 */

/** What the decoder reports for a size prefix it refuses. */
export interface FrameSizeViolation {
  /** The announced size. */
  size: number;
}

/** Incremental frame splitter for one connection. */
export class FrameDecoder {
  private readonly chunks: Buffer[] = [];
  /** Bytes held in {@link chunks}. */
  private buffered = 0;
  /** Size of the frame being assembled, or -1 while its prefix is incomplete. */
  private expected = -1;

  /**
   * @param maxFrameSize largest frame accepted (without the 4-byte prefix).
   * @param minFrameSize smallest frame accepted (a response holds at least its correlation id).
   */
  constructor(
    private readonly maxFrameSize: number,
    private readonly minFrameSize = 4,
  ) {}

  /**
   * Feeds one chunk; calls `onFrame` for every complete frame, in order. Returns a violation
   * (and stops) when a size prefix is out of bounds: the stream cannot be resynced after that.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): FrameSizeViolation | undefined {
    let data = chunk;
    // Fast path: nothing buffered, so frames are read straight out of the chunk.
    if (this.buffered === 0) {
      let pos = 0;
      while (data.length - pos >= 4) {
        const size = data.readInt32BE(pos);
        if (size < this.minFrameSize || size > this.maxFrameSize) return { size };
        if (data.length - pos - 4 < size) break;
        onFrame(data.subarray(pos + 4, pos + 4 + size));
        pos += 4 + size;
      }
      if (pos === data.length) return undefined;
      data = data.subarray(pos);
    }
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) return undefined;
        const size = this.peekInt32();
        if (size < this.minFrameSize || size > this.maxFrameSize) return { size };
        this.expected = size;
      }
      if (this.buffered < 4 + this.expected) return undefined;
      const whole = this.take(4 + this.expected);
      this.expected = -1;
      onFrame(whole.subarray(4));
    }
  }

  /** Bytes received but not yet handed out as a frame. */
  get pending(): number {
    return this.buffered;
  }

  private peekInt32(): number {
    const first = this.chunks[0]!;
    if (first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.concat(this.chunks, 4);
    return head.readInt32BE(0);
  }

  /** Removes the first `n` bytes from the chunk list, copying only if they span chunks. */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0]!;
        const want = n - filled;
        if (c.length <= want) {
          c.copy(out, filled);
          filled += c.length;
          this.chunks.shift();
        } else {
          c.copy(out, filled, 0, want);
          filled += want;
          this.chunks[0] = c.subarray(want);
        }
      }
    }
    this.buffered -= n;
    return out;
  }
}
