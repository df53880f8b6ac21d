import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  alterationProblem,
  type ScramCredentialUpsertion,
  saltedUpsertion,
  scramMechanismOf,
} from '../../../src/admin/scram-credential.js';
import { scramMechanism } from '../../../src/net/sasl/scram.js';
import { scramServer } from '../../support/scram-server.js';

describe('SCRAM credential upsertions', () => {
  for (const [mechanism, hash] of [
    ['SCRAM-SHA-256', 'sha256'],
    ['SCRAM-SHA-512', 'sha512'],
  ] as const) {
    it(`salts a ${mechanism} password into a credential a SCRAM client authenticates against`, async () => {
      const upsertion: ScramCredentialUpsertion = {
        type: 'upsert',
        user: 'alice',
        mechanism,
        password: 'wonderland-pass',
        iterations: 8192,
      };
      const wire = await saltedUpsertion(upsertion);
      assert.equal(wire.name, 'alice');
      assert.equal(scramMechanismOf(wire.mechanism), mechanism);
      assert.equal(wire.iterations, 8192);
      const stored = {
        hash,
        salt: wire.salt,
        iterations: wire.iterations,
        saltedPassword: wire.saltedPassword,
      };
      const right = scramServer(stored);
      await scramMechanism(mechanism, { username: 'alice', password: 'wonderland-pass' }).authenticate(
        right.exchange,
      );
      assert.equal(right.authenticated, true);
      const wrong = scramServer(stored);
      await assert.rejects(
        scramMechanism(mechanism, { username: 'alice', password: 'other' }).authenticate(wrong.exchange),
        /invalid-proof/,
      );
      // What is sent holds no trace of the password.
      assert.doesNotMatch(inspect(wire, { depth: 5 }) + JSON.stringify(wire), /wonderland/);
    });
  }

  it('draws a fresh 32-byte salt per upsertion unless one is given, and 4096 iterations by default', async () => {
    const upsertion = { type: 'upsert', user: 'u', mechanism: 'SCRAM-SHA-256', password: 'p' } as const;
    const [a, b] = await Promise.all([saltedUpsertion(upsertion), saltedUpsertion(upsertion)]);
    assert.equal(a.salt.length, 32);
    assert.notDeepEqual(a.salt, b.salt);
    assert.notDeepEqual(a.saltedPassword, b.saltedPassword);
    assert.equal(a.iterations, 4096);
    const salt = Buffer.from('fixed-salt');
    const [c, d] = await Promise.all([
      saltedUpsertion({ ...upsertion, salt }),
      saltedUpsertion({ ...upsertion, salt }),
    ]);
    assert.deepEqual(c.saltedPassword, d.saltedPassword);
  });

  it('names what is wrong with an alteration', () => {
    const ok = { type: 'upsert', user: 'u', mechanism: 'SCRAM-SHA-512', password: 'p' } as const;
    assert.equal(alterationProblem(ok), undefined);
    assert.equal(alterationProblem({ type: 'delete', user: 'u', mechanism: 'SCRAM-SHA-256' }), undefined);
    const cases: [unknown, RegExp][] = [
      [{ ...ok, user: '' }, /user must be a non-empty string/],
      [
        { ...ok, mechanism: 'SCRAM-SHA-1' },
        /mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, not "SCRAM-SHA-1"/,
      ],
      [{ ...ok, password: '' }, /password must be a non-empty string/],
      [{ ...ok, iterations: 4095 }, /iterations must be an integer from 4096 to 16384, not 4095/],
      [{ ...ok, iterations: 16385 }, /not 16385/],
      [{ ...ok, salt: new Uint8Array(0) }, /salt must be a non-empty Uint8Array/],
      [{ ...ok, type: 'replace' }, /type must be "upsert" or "delete"/],
    ];
    for (const [alteration, message] of cases)
      assert.match(alterationProblem(alteration as ScramCredentialUpsertion) ?? '', message);
  });
});
