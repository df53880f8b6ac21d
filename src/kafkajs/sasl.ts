/**
 * KafkaJS's `sasl` option as kafe's: PLAIN and SCRAM take the same fields, OAUTHBEARER's
 * `oauthBearerProvider` becomes kafe's token provider, and a custom mechanism (KafkaJS's
 * `{ mechanism, authenticationProvider }`, docs/CustomAuthenticationMechanism.md) runs on
 * kafe's SASL exchange: each `saslAuthenticate` is one SaslAuthenticate round trip.
 */
import type { SaslExchange, SaslMechanism } from '../net/sasl/mechanism.js';
import type { SaslOptions } from '../net/sasl/options.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { Logger } from './logger.js';

/** What a custom mechanism's client sends. */
type SaslAuthenticationRequest = { encode: () => Buffer | Promise<Buffer> };
/** How a custom mechanism reads the broker's answer. */
type SaslAuthenticationResponse<ParseResult> = {
  decode: (rawResponse: Buffer) => Buffer | Promise<Buffer>;
  parse: (data: Buffer) => ParseResult;
};

/** One round trip of a custom mechanism. */
export type SaslAuthenticateArgs<ParseResult> = {
  request: SaslAuthenticationRequest;
  response?: SaslAuthenticationResponse<ParseResult>;
};

/** What a custom mechanism's provider is given. */
export type AuthenticationProviderArgs = {
  host: string;
  port: number;
  logger: Logger;
  // biome-ignore lint/suspicious/noConfusingVoidType: KafkaJS's type (no response: nothing parsed).
  saslAuthenticate: <ParseResult>(args: SaslAuthenticateArgs<ParseResult>) => Promise<ParseResult | void>;
};

/** Authenticates one connection. */
export type Authenticator = { authenticate: () => Promise<void> };

/** A custom SASL mechanism. */
export type Mechanism = {
  mechanism: string;
  authenticationProvider: (args: AuthenticationProviderArgs) => Authenticator;
};

/** OAUTHBEARER's token as a KafkaJS provider returns it. */
export interface OauthbearerProviderResponse {
  value: string;
}

type SASLMechanismOptionsMap = {
  plain: { username: string; password: string };
  'scram-sha-256': { username: string; password: string };
  'scram-sha-512': { username: string; password: string };
  aws: { authorizationIdentity: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  oauthbearer: { oauthBearerProvider: () => Promise<OauthbearerProviderResponse> };
};

/** The built-in mechanisms' names. */
export type SASLMechanism = keyof SASLMechanismOptionsMap;
type SASLMechanismOptions<T> = T extends SASLMechanism
  ? { mechanism: T } & SASLMechanismOptionsMap[T]
  : never;
/** The `sasl` option of a built-in mechanism. */
export type SASLOptions = SASLMechanismOptions<SASLMechanism>;

/** kafe's `sasl` option for KafkaJS's; AWS IAM is refused (kafe does not speak it). */
export function kafeSasl(sasl: SASLOptions | Mechanism, logger: Logger): SaslOptions {
  if ('authenticationProvider' in sasl) return customMechanism(sasl, logger);
  const name = String(sasl.mechanism).toLowerCase();
  if (name === 'oauthbearer' && 'oauthBearerProvider' in sasl) {
    const provider = sasl.oauthBearerProvider;
    return { mechanism: 'OAUTHBEARER', tokenProvider: async () => ({ token: (await provider()).value }) };
  }
  if (name === 'aws')
    throw new KafkaJSNonRetriableError('SASL AWS (MSK IAM) is not supported by kafe/kafkajs');
  return sasl as SaslOptions;
}

/** A KafkaJS custom mechanism as a kafe {@link SaslMechanism}. */
function customMechanism(sasl: Mechanism, logger: Logger): SaslMechanism {
  return {
    name: sasl.mechanism.toUpperCase(),
    authenticate: (exchange: SaslExchange) =>
      sasl
        .authenticationProvider({
          // kafe's SaslMechanism is not told which broker it authenticates to.
          host: '',
          port: 0,
          logger: logger.namespace(`SASL${sasl.mechanism.toUpperCase()}`),
          saslAuthenticate: async <ParseResult>({ request, response }: SaslAuthenticateArgs<ParseResult>) => {
            const answer = Buffer.from(await exchange(await request.encode()));
            if (response === undefined) return;
            return response.parse(await response.decode(answer));
          },
        })
        .authenticate(),
  };
}
