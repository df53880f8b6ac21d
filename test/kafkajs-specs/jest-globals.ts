/**
 * Jest's globals on `node:test`, for running KafkaJS's own spec files (Jest specs) against
 * kafe/kafkajs without Jest: `describe` / `it` / `test` and their hooks are node:test's,
 * `expect` is Jest's own matcher library (the `expect` package, so `toEqual`,
 * `expect.objectContaining` and the rest mean exactly what the specs expect), `jest.fn` /
 * `jest.spyOn` are `jest-mock`'s. The few jest-extended matchers the specs use are added here.
 * Loaded with `--import` before a spec file (see scripts/kafkajs-specs.ts); it also routes the
 * specs' `require`s of KafkaJS's modules to kafe/kafkajs (`module-routes.ts`).
 */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { expect } from 'expect';
import { ModuleMocker } from 'jest-mock';
import { routeKafkaJSModules } from './module-routes.js';

/** The timeout of each test and hook: `jest.setTimeout` changes it, as in Jest (default 5 s). */
let timeoutMs = 30_000;

type Body = (done?: (error?: unknown) => void) => unknown;

/** A Jest test or hook body as node:test runs it (a `done` callback when it takes one). */
function run(body: Body): () => Promise<void> {
  return async () => {
    if (body.length === 0) await body();
    else await new Promise<void>((resolve, reject) => body((error) => (error ? reject(error) : resolve())));
  };
}

const test = Object.assign(
  (name: string, body: Body, timeout?: number) => it(name, { timeout: timeout ?? timeoutMs }, run(body)),
  {
    skip: (name: string, body?: Body) => it.skip(name, body === undefined ? undefined : run(body)),
    only: (name: string, body: Body, timeout?: number) =>
      it(name, { timeout: timeout ?? timeoutMs }, run(body)),
    todo: (name: string) => it.todo(name, () => {}),
    each: (table: unknown[]) => (name: string, body: (...args: unknown[]) => unknown, timeout?: number) => {
      for (const row of table) {
        const args = Array.isArray(row) ? row : [row];
        it(formatName(name, args), { timeout: timeout ?? timeoutMs }, async () => {
          await body(...args);
        });
      }
    },
  },
);

/** `%s`, `%d`, `%p`, `%j` and `%o` placeholders of `test.each` names. */
function formatName(name: string, args: unknown[]): string {
  let i = 0;
  return name.replace(/%[sdpjoi]/g, () => String(args[i++]));
}

const suite = Object.assign((name: string, body: () => void) => describe(name, body), {
  skip: (name: string, body: () => void) => describe.skip(name, body),
  only: (name: string, body: () => void) => describe(name, body),
  each: (table: unknown[]) => (name: string, body: (...args: unknown[]) => void) => {
    for (const row of table) {
      const args = Array.isArray(row) ? row : [row];
      describe(formatName(name, args), () => body(...args));
    }
  },
});

const mocker = new ModuleMocker(globalThis);
const jest = {
  fn: mocker.fn.bind(mocker),
  spyOn: mocker.spyOn.bind(mocker),
  restoreAllMocks: () => mocker.restoreAllMocks(),
  resetAllMocks: () => mocker.resetAllMocks(),
  clearAllMocks: () => mocker.clearAllMocks(),
  setTimeout: (ms: number) => {
    timeoutMs = ms;
  },
  // Module mocks replace KafkaJS's internal modules: a spec using them tests KafkaJS's internals.
  mock: (name: string) => {
    throw new Error(`jest.mock('${name}'): mocks KafkaJS's internal modules`);
  },
  requireActual: (name: string) => {
    throw new Error(`jest.requireActual('${name}'): reaches KafkaJS's internal modules`);
  },
};

type Result = { pass: boolean; message: () => string };
const outcome = (pass: boolean, message: string): Result => ({ pass, message: () => message });

// jest-extended's matchers the specs use.
expect.extend({
  async toResolve(received: Promise<unknown>) {
    try {
      await received;
      return outcome(true, 'expected the promise to reject');
    } catch (error) {
      return outcome(false, `expected the promise to resolve, it rejected with ${String(error)}`);
    }
  },
  async toReject(received: Promise<unknown>) {
    try {
      await received;
      return outcome(false, 'expected the promise to reject, it resolved');
    } catch {
      return outcome(true, 'expected the promise to resolve');
    }
  },
  toBeTrue(received: unknown) {
    return outcome(received === true, `expected ${String(received)} to be true`);
  },
  toIncludeSameMembers(received: unknown[], expected: unknown[]) {
    const pass =
      Array.isArray(received) &&
      received.length === expected.length &&
      expected.every((e) => received.some((r) => this.equals(r, e)));
    return outcome(
      pass,
      `expected ${this.utils.printReceived(received)} to have the members of ${this.utils.printExpected(expected)}`,
    );
  },
  toThrowWithMessage(received: unknown, type: new (...a: never[]) => Error, message: string | RegExp) {
    // Given a function (`expect(() => ...)`), its thrown error; given a rejection (`.rejects`), that.
    let error = received as Error;
    if (typeof received === 'function')
      try {
        received();
        return outcome(false, `expected a ${type.name} with message ${String(message)}, nothing was thrown`);
      } catch (thrown) {
        error = thrown as Error;
      }
    const pass =
      error instanceof type &&
      (typeof message === 'string' ? error.message === message : message.test(error.message));
    return outcome(pass, `expected a ${type.name} with message ${String(message)}, got ${String(received)}`);
  },
});

// The matcher aliases Jest 30 dropped, which KafkaJS's specs (written for Jest 25) still use.
const ALIASES: Record<string, string> = {
  toBeCalled: 'toHaveBeenCalled',
  toBeCalledTimes: 'toHaveBeenCalledTimes',
  toBeCalledWith: 'toHaveBeenCalledWith',
  lastCalledWith: 'toHaveBeenLastCalledWith',
  nthCalledWith: 'toHaveBeenNthCalledWith',
  toReturn: 'toHaveReturned',
  toReturnTimes: 'toHaveReturnedTimes',
  toReturnWith: 'toHaveReturnedWith',
  lastReturnedWith: 'toHaveLastReturnedWith',
  nthReturnedWith: 'toHaveNthReturnedWith',
  toThrowError: 'toThrow',
};
expect.extend(
  Object.fromEntries(
    Object.entries(ALIASES).map(([alias, matcher]) => [
      alias,
      (received: unknown, ...args: unknown[]) => {
        try {
          (expect(received) as unknown as Record<string, (...a: unknown[]) => void>)[matcher]?.(...args);
          return outcome(true, `expected not ${matcher}`);
        } catch (error) {
          return outcome(false, (error as Error).message);
        }
      },
    ]),
  ),
);

Object.assign(globalThis, {
  describe: suite,
  it: test,
  test,
  beforeEach: (body: Body) => beforeEach(run(body), { timeout: timeoutMs }),
  afterEach: (body: Body) => afterEach(run(body), { timeout: timeoutMs }),
  beforeAll: (body: Body) => before(run(body), { timeout: timeoutMs }),
  afterAll: (body: Body) => after(run(body), { timeout: timeoutMs }),
  expect,
  jest,
});

routeKafkaJSModules();
