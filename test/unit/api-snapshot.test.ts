/**
 * The exported API matches its checked-in snapshot (`test/api-snapshot/`), one file per
 * `package.json` export, so a change to what users can import is seen in review. After an
 * intended change: `npm run api:snapshot`, and commit the new files with it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkedInSnapshots, renderApiSnapshots } from '../../scripts/api-snapshot.js';

describe('exported API', () => {
  it('matches test/api-snapshot/ for every package.json export (regenerate: npm run api:snapshot)', () => {
    const fresh = renderApiSnapshots();
    const stored = checkedInSnapshots();
    assert.deepEqual([...stored.keys()].sort(), [...fresh.keys()].sort(), 'one snapshot file per export');
    for (const [name, text] of fresh) assert.equal(stored.get(name), text, `${name} differs from the code`);
  });
});
