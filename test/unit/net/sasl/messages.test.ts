import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oauthBearerMechanism, oauthBearerMessage } from '../../../../src/net/sasl/oauthbearer.js';
import { plainMechanism } from '../../../../src/net/sasl/plain.js';

describe('PLAIN', () => {
  it('sends NUL username NUL password', async () => {
    const sent: Buffer[] = [];
    await plainMechanism({ username: 'u', password: 'p' }).authenticate(async (m) => {
      sent.push(Buffer.from(m));
      return Buffer.alloc(0);
    });
    assert.deepEqual(sent, [Buffer.from('\0u\0p')]);
  });
});

describe('OAUTHBEARER', () => {
  it('formats the initial response with extensions (RFC 7628, KIP-342)', () => {
    const message = oauthBearerMessage({ token: 'abc.def.', extensions: { traceId: '42' } });
    assert.equal(message.toString('utf8'), 'n,,\u0001auth=Bearer abc.def.\u0001traceId=42\u0001\u0001');
  });

  it('refuses the reserved auth extension and names no value', () => {
    assert.throws(
      () => oauthBearerMessage({ token: 't', extensions: { auth: 'secret' } }),
      (e: Error) => !/secret/.test(e.message),
    );
  });

  it('finishes a rejected exchange with a lone \\x01 and fails', async () => {
    const sent: string[] = [];
    const answers = ['{"status":"invalid_token"}', ''];
    const mechanism = oauthBearerMechanism(async () => ({ token: 'tok' }));
    await assert.rejects(
      mechanism.authenticate(async (m) => {
        sent.push(Buffer.from(m).toString('utf8'));
        return Buffer.from(answers.shift() ?? '');
      }),
      /invalid_token/,
    );
    assert.equal(sent[1], '\u0001');
  });

  it('wraps a failing token provider', async () => {
    const mechanism = oauthBearerMechanism(async () => {
      throw new Error('idp down');
    });
    await assert.rejects(
      mechanism.authenticate(async () => Buffer.alloc(0)),
      /token provider failed/,
    );
  });
});
