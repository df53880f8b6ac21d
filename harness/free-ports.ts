/**
 * Ports for the brokers' listeners, picked so that nothing else is likely to take them between
 * the pick and the JVM binding them (a format and a JVM start later, seconds on a busy machine).
 *
 * A port the kernel hands out for `listen(0)` comes from the ephemeral range, the same range
 * every outgoing connection on the machine draws its local port from: a client connecting to
 * anything, a broker of another cluster restarting, could take it in that window, and the
 * broker then dies with `BindException: Address already in use` (also when a killed broker is
 * restarted on its old port). So the harness picks random ports below the ephemeral range, which
 * the kernel never assigns on its own, and checks that each is free by binding it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/** Lowest port the harness picks: above the well-known and the usual fixed service ports. */
const LOWEST = 20_000;

/** Start of the kernel's ephemeral port range (Linux's setting, else the IANA range macOS uses). */
export function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    if (Number.isInteger(value) && value > 0) return value;
  } catch {
    // Not Linux: fall through to the IANA dynamic range.
  }
  return 49_152;
}

function listen(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct ports that were free on 127.0.0.1 just now, drawn at random from
 * [20000, start of the ephemeral range); when that window is too small (an unusual kernel
 * setting), ports the kernel assigns. `random` returns a number in [0, 1) (tests pass their own).
 */
export async function freePorts(count: number, random: () => number = Math.random): Promise<number[]> {
  const high = ephemeralRangeStart();
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < count; tries++) {
      if (tries > count * 50) throw new Error(`could not find ${count} free ports below ${high}`);
      const port = high - LOWEST >= 1000 ? LOWEST + Math.floor(random() * (high - LOWEST)) : 0;
      if (port !== 0 && ports.includes(port)) continue;
      const server = await listen(port);
      if (server === null) continue;
      held.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(held.map(close));
  }
}
