import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as kafe from '../../src/index.js';

describe('public entry point', () => {
  it('exports the entry object, the admin client and every error class users branch on', () => {
    const classes = [
      kafe.Kafka,
      kafe.Admin,
      kafe.TopicError,
      kafe.KafeError,
      kafe.BrokerError,
      kafe.ConfigurationError,
      kafe.InvalidArgumentError,
      kafe.ClientClosedError,
      kafe.DeadlineExceededError,
      kafe.OperationAbortedError,
      kafe.PartialFailureError,
      kafe.ConnectionError,
      kafe.ConnectionClosedError,
      kafe.RequestTimeoutError,
      kafe.AuthenticationError,
      kafe.UnsupportedVersionError,
      kafe.DecodeError,
    ];
    for (const c of classes) assert.equal(typeof c, 'function');
    for (const e of classes.slice(3)) assert.ok(e.prototype instanceof Error, e.name);
  });
});
