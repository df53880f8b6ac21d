/**
 * The {@link ClientScope} of a client made from options (`Kafka`, `createKafe`): its
 * `clientId`, and its `logger` and `logLevel` resolved (default: warnings and errors to
 * stderr; `logger: null` or `logLevel: 'silent'` for none), with the log subscriber installed.
 */
import type { ClusterOptions } from '../cluster/cluster-options.js';
import { ClientScope } from '../net/client-scope.js';
import { stderrLogger } from '../net/logger.js';
import { installLogSubscriber } from './log-subscriber.js';

/** A new scope for a client made with `options`. */
export function clientScopeFor(options: ClusterOptions): ClientScope {
  const clientId = options.clientId === undefined ? 'kafe' : options.clientId;
  if (options.logger === null || options.logLevel === 'silent') return new ClientScope(clientId);
  installLogSubscriber();
  const logger = options.logger ?? stderrLogger;
  const level = options.logLevel ?? (options.logger === undefined ? 'warn' : 'info');
  return new ClientScope(clientId, logger, level);
}
