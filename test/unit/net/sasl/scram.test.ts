import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthenticationError } from '../../../../src/net/errors.js';
import { scramMechanism, scramSaltedPassword } from '../../../../src/net/sasl/scram.js';
import { scramServer } from '../../../support/scram-server.js';

// RFC 7677 §3: SCRAM-SHA-256 example exchange.
const rfc = {
  username: 'user',
  password: 'pencil',
  clientNonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

/** A scripted server: answers the client's messages in turn and records them. */
function script(...answers: string[]) {
  const sent: string[] = [];
  const exchange = async (message: Uint8Array) => {
    sent.push(Buffer.from(message).toString('utf8'));
    const answer = answers.shift();
    if (answer === undefined) throw new Error('unexpected message');
    return Buffer.from(answer, 'utf8');
  };
  return { sent, exchange };
}

const rfcMechanism = () =>
  scramMechanism('SCRAM-SHA-256', {
    username: rfc.username,
    password: rfc.password,
    nonce: () => rfc.clientNonce,
  });

describe('SCRAM', () => {
  it('produces the RFC 7677 SCRAM-SHA-256 exchange and verifies the server signature', async () => {
    const server = script(rfc.serverFirst, rfc.serverFinal);
    await rfcMechanism().authenticate(server.exchange);
    assert.deepEqual(server.sent, [rfc.clientFirst, rfc.clientFinal]);
  });

  it('rejects a server signature that does not verify', async () => {
    const forged = 'v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';
    await assert.rejects(
      rfcMechanism().authenticate(script(rfc.serverFirst, forged).exchange),
      (e: unknown) => e instanceof AuthenticationError && /server signature does not verify/.test(e.message),
    );
  });

  it('rejects a server nonce that does not extend the client nonce', async () => {
    const first = rfc.serverFirst.replace('r=rOpr', 'r=XXpr');
    await assert.rejects(
      rfcMechanism().authenticate(script(first).exchange),
      /does not extend the client nonce/,
    );
  });

  it('rejects fewer than 4096 iterations and a server error', async () => {
    const first = rfc.serverFirst.replace('i=4096', 'i=1');
    await assert.rejects(rfcMechanism().authenticate(script(first).exchange), /iteration count 1/);
    await assert.rejects(
      rfcMechanism().authenticate(script(rfc.serverFirst, 'e=invalid-proof').exchange),
      /server error invalid-proof/,
    );
  });

  it('escapes = and , in the username and never puts the password in an error', async () => {
    const server = script(rfc.serverFirst.replace('i=4096', 'i=12'));
    const mechanism = scramMechanism('SCRAM-SHA-512', {
      username: 'a=b,c',
      password: 'hunter2',
      nonce: () => rfc.clientNonce,
    });
    const error = await mechanism.authenticate(server.exchange).then(
      () => assert.fail('resolved'),
      (e: unknown) => e as Error,
    );
    assert.equal(server.sent[0], `n,,n=a=3Db=2Cc,r=${rfc.clientNonce}`);
    assert.doesNotMatch(error.message, /hunter2/);
  });

  it('sends the tokenauth extension of a delegation token in the signed client-first message (KIP-48)', async () => {
    const salt = Buffer.from('token-salt');
    const hmac = 'dG9rZW4taG1hYw==';
    const server = scramServer({
      hash: 'sha512',
      salt,
      iterations: 4096,
      saltedPassword: await scramSaltedPassword('SCRAM-SHA-512', hmac, salt, 4096),
    });
    const mechanism = scramMechanism('SCRAM-SHA-512', {
      username: 'Ab3tokenId',
      password: hmac,
      tokenAuthentication: true,
      nonce: () => rfc.clientNonce,
    });
    await mechanism.authenticate(server.exchange);
    assert.equal(server.received[0], `n,,n=Ab3tokenId,r=${rfc.clientNonce},tokenauth=true`);
    assert.equal(server.authenticated, true);
  });
});
