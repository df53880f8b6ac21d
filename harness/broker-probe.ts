/**
 * A self-contained readiness probe: one Metadata v4 request written by hand over a plain socket.
 *
 * The harness must not depend on the library it is used to test, so this speaks just enough of
 * the protocol (docs/protocol.html: request header v1, Metadata v4, non-flexible) to learn which
 * brokers a node sees and the cluster it belongs to. Metadata v4 is served by every release
 * from 1.0 through 4.x.
 */
import { Socket } from 'node:net';

/** What a node reports in its metadata. */
export interface ProbeResult {
  /** The brokers it sees, sorted. */
  readonly brokerIds: number[];
  /** The id of the cluster it belongs to (null before it knows). */
  readonly clusterId: string | null;
}

function metadataV4Request(correlationId: number): Buffer {
  const clientId = Buffer.from('kafe-harness');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let o = 0;
  o = body.writeInt16BE(3, o); // api key: Metadata
  o = body.writeInt16BE(4, o); // api version
  o = body.writeInt32BE(correlationId, o);
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  // An empty topic array asks for no topics (v1+; null would mean all of them): brokers only.
  o = body.writeInt32BE(0, o);
  body.writeInt8(0, o); // allow_auto_topic_creation
  const frame = Buffer.alloc(4 + body.length);
  frame.writeInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

function parseMetadata(payload: Buffer): ProbeResult {
  // Size, response header v0 (correlation id), then Metadata v4: throttle_time_ms, brokers[],
  // cluster_id (nullable string, v2+).
  let o = 4 + 4 + 4;
  const count = payload.readInt32BE(o);
  o += 4;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(payload.readInt32BE(o));
    o += 4;
    const hostLength = payload.readInt16BE(o);
    o += 2 + hostLength + 4; // host, port
    const rackLength = payload.readInt16BE(o);
    o += 2 + Math.max(rackLength, 0);
  }
  const clusterIdLength = payload.readInt16BE(o);
  const clusterId = clusterIdLength < 0 ? null : payload.toString('utf8', o + 2, o + 2 + clusterIdLength);
  return { brokerIds: ids.sort((a, b) => a - b), clusterId };
}

/** Asks the broker at host:port for its metadata; rejects on any failure within `timeoutMs`. */
export function probeBroker(host: string, port: number, timeoutMs = 2000): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let received = 0;
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.once('error', fail);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      const all = Buffer.concat(chunks, received);
      if (all.length >= 4 && all.length >= 4 + all.readInt32BE(0)) {
        socket.destroy();
        try {
          resolve(parseMetadata(all));
        } catch (error) {
          reject(error as Error);
        }
      }
    });
    socket.once('close', () => reject(new Error(`${host}:${port} closed the connection`)));
    socket.connect(port, host, () => socket.write(metadataV4Request(1)));
  });
}
