/**
 * The server side of a SCRAM exchange (RFC 5802 §3, §5), for unit tests: it holds what a broker
 * stores for a user (salt, iterations, StoredKey, ServerKey — Java `ScramCredential`), checks
 * the client's proof against StoredKey and answers with the server signature, so a test proves
 * that a client's messages, or stored credentials made by kafe, authenticate the way SCRAM does.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SaslExchange } from '../../src/net/sasl/mechanism.js';

/** What the server keeps for one user, derived from the salted password. */
export interface StoredScramCredential {
  readonly hash: 'sha256' | 'sha512';
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly saltedPassword: Uint8Array;
}

/** A one-shot SCRAM server for `credential`; `exchange` is given to a client mechanism. */
export function scramServer(credential: StoredScramCredential) {
  const { hash } = credential;
  const hmac = (key: Uint8Array, text: string) => createHmac(hash, key).update(text, 'utf8').digest();
  const storedKey = createHash(hash).update(hmac(credential.saltedPassword, 'Client Key')).digest();
  const serverKey = hmac(credential.saltedPassword, 'Server Key');
  const received: string[] = [];
  let clientFirstBare = '';
  let serverFirst = '';
  let authenticated = false;
  const exchange: SaslExchange = async (message) => {
    const text = Buffer.from(message).toString('utf8');
    received.push(text);
    if (received.length === 1) {
      clientFirstBare = text.replace(/^n,,/, '');
      const nonce = /(?:^|,)r=([^,]*)/.exec(clientFirstBare)?.[1] ?? '';
      serverFirst = `r=${nonce}server-nonce,s=${Buffer.from(credential.salt).toString('base64')},i=${credential.iterations}`;
      return Buffer.from(serverFirst, 'utf8');
    }
    const proofAt = text.lastIndexOf(',p=');
    const withoutProof = text.slice(0, proofAt);
    const proof = Buffer.from(text.slice(proofAt + 3), 'base64');
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]!));
    const computed = createHash(hash).update(clientKey).digest();
    if (computed.length !== storedKey.length || !timingSafeEqual(computed, storedKey))
      return Buffer.from('e=invalid-proof', 'utf8');
    authenticated = true;
    return Buffer.from(`v=${hmac(serverKey, authMessage).toString('base64')}`, 'utf8');
  };
  return {
    exchange,
    /** The client's messages, as text. */
    received,
    /** Whether the last client-final message carried a valid proof. */
    get authenticated() {
      return authenticated;
    },
  };
}
