import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InternalStateError } from '../../../src/cluster/errors.js';
import { type MembershipState, MembershipStateMachine } from '../../../src/share/membership-state.js';

describe('share membership states', () => {
  it('goes unjoined -> joining -> stable -> fenced -> joining -> leaving -> left, reporting each change', () => {
    const seen: string[] = [];
    const m = new MembershipStateMachine((from, to) => seen.push(`${from}>${to}`));
    const path: MembershipState[] = ['joining', 'stable', 'fenced', 'joining', 'stable', 'leaving', 'left'];
    for (const s of path) m.to(s);
    assert.equal(m.state, 'left');
    assert.equal(seen.length, path.length);
    assert.equal(m.beating, false);
  });

  it('refuses a transition the diagram does not have', () => {
    const m = new MembershipStateMachine(() => undefined);
    assert.throws(() => m.to('stable'), InternalStateError);
    m.to('joining');
    m.to('failed');
    assert.throws(() => m.to('joining'), InternalStateError);
    m.to('leaving');
    m.to('left');
    assert.throws(() => m.to('leaving'), InternalStateError);
  });

  it('beats only while joining, stable or fenced', () => {
    const m = new MembershipStateMachine(() => undefined);
    assert.equal(m.beating, false);
    m.to('joining');
    assert.equal(m.beating, true);
    m.to('stable');
    assert.equal(m.beating, true);
    m.to('leaving');
    assert.equal(m.beating, false);
  });
});
