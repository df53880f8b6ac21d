/**
 * The request and response codec of every API, by API key and by name, derived once from the
 * generated tables (`protocol/messages/index.ts`), and the request/response types of an API
 * name for the typed `Connection.send`.
 */
import type { MessageCodec } from '../protocol/message-codec.js';
import { type ApiKeyInfo, type ApiName, apiKeys, messageCodecs } from '../protocol/messages/index.js';

type Codecs = typeof messageCodecs;

/** What `Connection.send` accepts as the body of an `N` request (defaults may be omitted). */
export type RequestOf<N extends ApiName> = `${N}Request` extends keyof Codecs
  ? Parameters<Codecs[`${N}Request`]['encode']>[1]
  : never;

/** What `Connection.send` resolves with for an `N` request: the decoded response body. */
export type ResponseOf<N extends ApiName> = `${N}Response` extends keyof Codecs
  ? ReturnType<Codecs[`${N}Response`]['decode']>
  : never;

/** One API with both of its codecs. */
export interface ApiCodecs {
  readonly info: ApiKeyInfo;
  readonly request: MessageCodec<unknown, unknown>;
  readonly response: MessageCodec<unknown, unknown>;
}

const byKey = new Map<number, ApiCodecs>();
const byName = new Map<string, ApiCodecs>();
for (const info of Object.values(apiKeys) as ApiKeyInfo[]) {
  const table = messageCodecs as unknown as Record<string, MessageCodec<unknown, unknown> | undefined>;
  const request = table[`${info.name}Request`];
  const response = table[`${info.name}Response`];
  if (request === undefined || response === undefined) continue;
  const entry = { info, request, response };
  byKey.set(info.key, entry);
  byName.set(info.name, entry);
}

/** The codecs of an API by key, or `undefined` for a key kafe does not generate. */
export function apiCodecsByKey(key: number): ApiCodecs | undefined {
  return byKey.get(key);
}

/** The codecs of an API by name, or `undefined` for a name kafe does not generate. */
export function apiCodecsByName(name: string): ApiCodecs | undefined {
  return byName.get(name);
}
