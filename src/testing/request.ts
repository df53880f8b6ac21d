/**
 * What the fake cluster sees of one request and what it may answer, shared by the broker
 * servers, the handlers and the fault registry.
 */
import type { ApiName } from '../protocol/messages/index.js';

/** One request as a fake broker received and decoded it. */
export interface FakeRequest {
  /** The API's name, e.g. `'Produce'`. */
  readonly api: ApiName;
  /** The API key from the request header. */
  readonly apiKey: number;
  /** The version the client chose. */
  readonly apiVersion: number;
  /** The correlation id from the request header. */
  readonly correlationId: number;
  /** The client id from the request header. */
  readonly clientId: string | null;
  /**
   * The decoded body, as kafe's generated codec reads it at {@link apiVersion}. Typed loosely
   * because an observer reads the fields of whichever API it looks at.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the body of any API, read by tests
  readonly body: any;
  /** Node id of the broker that received it. */
  readonly nodeId: number;
  /** Which connection of that broker it came on (0, 1, ... in accept order). */
  readonly connection: number;
  /**
   * Requests of the same API on that connection received earlier whose answer was not yet
   * written: more than 0 means the client pipelined them (in-flight limits show here).
   */
  readonly outstanding: number;
}

/**
 * What a broker does with one request: answer a body, write raw bytes, stay silent or close the
 * connection. Kafka answers the requests of one connection strictly in order, and so does the
 * fake, whatever the reply.
 */
export type FakeReply =
  /** Answer with `body`, encoded at the request's version (or `version`), after `delayMs`. */
  | { readonly body: unknown; readonly version?: number; readonly delayMs?: number }
  /** Write these bytes verbatim after `delayMs` (anything: garbage, a hostile size prefix). */
  | { readonly raw: Uint8Array; readonly delayMs?: number }
  /** Write the first `closeAfterBytes` bytes of the encoded answer, then close the connection. */
  | { readonly body: unknown; readonly closeAfterBytes: number }
  /** Never answer (an acks=0 Produce, a hung broker, a response lost on the way). */
  | { readonly noResponse: true }
  /** Close the connection instead of answering. */
  | { readonly close: true };
