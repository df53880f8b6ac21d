/**
 * The pipeline of `kafe produce`: input chunks are read as they arrive, made records by an
 * {@link InputReader}, paced to `--rate` and handed to the producer one slice at a time, with
 * two bounds that keep memory flat on an endless input (`tail -f | kafe produce`):
 *
 * - backpressure: no chunk is read while the input bytes sent and not yet acknowledged exceed
 *   `maxPendingBytes` (the stream is not pulled, so a pipe's writer blocks);
 * - order: where each slice landed is reported in input order, as soon as it and every slice
 *   before it are acknowledged.
 *
 * At the first bad line, the records of the lines before it are sent and awaited, and the
 * error is thrown with how many went; nothing of the bad line or after it is sent. A failed
 * delivery stops the reading too, and is thrown once everything sent has settled.
 */
import type { DeliveryReport } from '../producer/delivery-report.js';
import { BatchDeliveryError } from '../producer/errors.js';
import type { ProducerRecord } from '../producer/record.js';
import { type InputReader, type InputRecord, InvalidInputError } from './produce-input.js';

/** Counts of a running or finished produce, for the progress line and the final report. */
export interface ProduceCounts {
  /** Records handed to the producer. */
  sent: number;
  /** Records the brokers acknowledged. */
  acknowledged: number;
  /** Records that failed. */
  failed: number;
}

/** What {@link produceStream} needs besides its input. */
export interface ProduceStreamOptions {
  /** Makes an input record one to send (the command's topic, partition, headers). */
  readonly toRecord: (record: InputRecord) => ProducerRecord;
  /** Sends a slice; resolves with where each landed, or rejects (a `BatchDeliveryError` carries the report). */
  readonly send: (records: ProducerRecord[]) => Promise<DeliveryReport>;
  /** Input bytes sent but not acknowledged beyond which reading waits. */
  readonly maxPendingBytes: number;
  /** Records per second at most; unpaced when undefined. */
  readonly rate?: number;
  /** Called in input order with where each slice landed (failed records at offset -1). */
  readonly onLanded?: (report: DeliveryReport) => void;
  /** Stops reading (Ctrl-C): what was sent is still awaited. */
  readonly signal: AbortSignal;
  /** The clock and the wait of the pacing; tests give a virtual one. */
  readonly clock?: { now(): number; sleep(ms: number, signal: AbortSignal): Promise<void> };
}

/** Input parsed and sent at a time (see the read loop). */
const PARSE_SLICE_BYTES = 64 * 1024;

const realClock = {
  now: () => performance.now(),
  sleep: (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Reads `input` to its end (or the first bad line, failed delivery or abort), sending as it
 * reads; resolves with the counts once every record sent has settled.
 */
export async function produceStream(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  reader: InputReader,
  counts: ProduceCounts,
  options: ProduceStreamOptions,
): Promise<void> {
  const { signal, maxPendingBytes, rate } = options;
  const clock = options.clock ?? realClock;
  let pendingBytes = 0;
  let wake: (() => void) | undefined;
  let failure: unknown;
  let reported: Promise<void> = Promise.resolve();
  const started = clock.now();

  const sendSlice = (records: ProducerRecord[], bytes: number) => {
    // Only the count is kept past the call: the producer holds the records' bytes, encoded, and
    // records kept until acknowledged would outlive young-generation collections (a run of
    // 1,000,000 lines spent 385 ms of 1.8 s in the collector when they did).
    const count = records.length;
    counts.sent += count;
    pendingBytes += bytes;
    const delivery = options.send(records).then(
      (report) => {
        counts.acknowledged += count;
        return report;
      },
      (error: unknown) => {
        failure ??= error;
        if (!(error instanceof BatchDeliveryError)) {
          counts.failed += count;
          return undefined;
        }
        counts.failed += error.failures.length;
        counts.acknowledged += count - error.failures.length;
        return error.report;
      },
    );
    const settled = delivery.then(() => {
      pendingBytes -= bytes;
      wake?.();
    });
    reported = Promise.all([reported, delivery, settled]).then(([, report]) => {
      if (report !== undefined) options.onLanded?.(report);
    });
  };

  /** Sends `records` (`bytes` of input), in slices no faster than the rate allows. */
  const dispatch = async (inputRecords: readonly InputRecord[], bytes: number) => {
    const records = inputRecords.map(options.toRecord);
    for (let at = 0; at < records.length && !signal.aborted; ) {
      let take = records.length - at;
      if (rate !== undefined) {
        // Record n (counting from 0) is due n / rate seconds after the start.
        const due = started + (counts.sent * 1000) / rate;
        const now = clock.now();
        if (due > now) {
          await clock.sleep(due - now, signal);
          continue;
        }
        // At least one: rounding must not leave a due record unsent (and this loop spinning).
        take = Math.min(take, Math.max(1, Math.floor(((now - started) * rate) / 1000) + 1 - counts.sent));
      }
      sendSlice(records.slice(at, at + take), Math.ceil((bytes * take) / records.length));
      at += take;
    }
  };

  let inputError: InvalidInputError | undefined;
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let ended = true;
    reading: for await (const chunk of input) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      // Big reads (fewer thread-pool round trips) are parsed and sent a slice at a time, so a
      // slice's records are gone before the next slice makes more (a whole 1 MiB read's 10,000
      // records at once outlived young-generation collections).
      for (let at = 0; at < data.length; at += PARSE_SLICE_BYTES) {
        const slice = data.subarray(at, Math.min(data.length, at + PARSE_SLICE_BYTES));
        const { records, error } = reader.push(slice);
        await dispatch(records, slice.length);
        if (error !== undefined) inputError = error;
        while (pendingBytes > maxPendingBytes && failure === undefined && !signal.aborted)
          await new Promise<void>((resolve) => (wake = resolve));
        if (inputError !== undefined || failure !== undefined || signal.aborted) {
          ended = false;
          break reading;
        }
      }
    }
    if (ended) {
      const { records, error } = reader.end();
      await dispatch(records, 0);
      inputError = error;
    }
  } catch (error) {
    // Aborted (Ctrl-C), the input stream fails with an AbortError: reading stops, that is all.
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Whatever was sent is awaited before anything is thrown: the counts then say what landed.
    await reported;
  }
  if (inputError !== undefined) {
    const sent = counts.acknowledged === 1 ? '1 record' : `${counts.acknowledged} records`;
    throw new InvalidInputError(`${inputError.message}; ${sent} before it sent, none from it on`);
  }
  if (failure !== undefined) throw failure;
}
