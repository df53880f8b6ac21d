import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAddress, parseBootstrap, parseBrokerAddress } from '../../../src/cluster/broker-address.js';
import { ConfigurationError } from '../../../src/cluster/errors.js';

describe('bootstrap addresses', () => {
  it('parses host:port, IPv6 in brackets and a comma-separated string', () => {
    assert.deepEqual(parseBrokerAddress('kafka-1.example:9092'), { host: 'kafka-1.example', port: 9092 });
    assert.deepEqual(parseBrokerAddress('[::1]:9093'), { host: '::1', port: 9093 });
    assert.deepEqual(parseBootstrap('a:1, b:2'), [
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ]);
    assert.equal(formatAddress({ host: '::1', port: 9093 }), '[::1]:9093');
  });

  it('names the bad entry in a ConfigurationError', () => {
    const cases: [unknown, RegExp][] = [
      [['ok:1', 'nohost'], /brokers\[1\]: "nohost" is not "host:port"/],
      [['ok:1', 'h:0'], /brokers\[1\]: "h:0" has port 0, outside 1-65535/],
      [['h:70000'], /brokers\[0\]: "h:70000" has port 70000/],
      [['ok:1', 42], /brokers\[1\]: expected a "host:port" string, got number/],
      [[], /brokers: expected a non-empty list/],
      [undefined, /brokers: expected a non-empty list of "host:port", got undefined/],
      [['::1:9092'], /brokers\[0\]: "::1:9092" is not "host:port"/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => parseBootstrap(input),
        (e: unknown) =>
          e instanceof ConfigurationError && e.code === 'CONFIGURATION_ERROR' && message.test(e.message),
        String(input),
      );
    }
  });
});
