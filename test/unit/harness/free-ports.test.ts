import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ephemeralRangeStart, freePorts } from '../../../harness/free-ports.js';

describe('freePorts', () => {
  it('picks distinct ports below the ephemeral range, where no outgoing connection takes them', async () => {
    const ports = await freePorts(10);
    assert.equal(new Set(ports).size, 10);
    for (const port of ports) {
      assert.ok(port >= 20_000 && port < ephemeralRangeStart(), `${port}`);
    }
  });

  it('skips a port that is taken and a port drawn twice', async () => {
    const [taken, b, c] = (await freePorts(3)) as [number, number, number];
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(taken, '127.0.0.1', resolve));
    try {
      const span = ephemeralRangeStart() - 20_000;
      const draws = [taken, b, b, c].map((port) => (port - 20_000 + 0.5) / span);
      assert.deepEqual(await freePorts(2, () => draws.shift() ?? Math.random()), [b, c]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
