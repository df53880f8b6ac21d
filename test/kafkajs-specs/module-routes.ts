/**
 * Routes the `require`s of KafkaJS's spec files (CommonJS, run from the reference folder) to
 * kafe/kafkajs: `testHelpers` to `test-helpers.ts`, `jest-circus` to the Jest globals on
 * `node:test`, a KafkaJS source module to its value in
 * `kafkajs-modules.ts`. A module with no counterpart throws, naming it: the spec that needs it
 * reaches into KafkaJS's internals. Everything else (`crypto`, fixtures) loads as usual.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { kafkajsReference } from '../support/kafkajs-reference.js';
import { kafkajsModules } from './kafkajs-modules.js';
import * as testHelpers from './test-helpers.js';

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;

/** Installs the routing (once per process). */
export function routeKafkaJSModules(): void {
  const reference = kafkajsReference();
  const sources = join(reference, 'src');
  const loader = Module as unknown as { _load: Load };
  const load = loader._load;
  loader._load = function route(request, parent, isMain) {
    const from = parent?.filename;
    if (from?.startsWith(reference)) {
      if (request === 'testHelpers' || request.endsWith('/testHelpers')) return testHelpers;
      // Jest's own runner, for its `describe`: the globals `jest-globals.ts` puts in its place.
      if (request === 'jest-circus') return globalThis;
      if (request.startsWith('.')) {
        const target = resolve(dirname(from), request);
        const name = relative(sources, target)
          .replace(/\.js$/, '')
          .replace(/\/index$/, '/index');
        if (name in kafkajsModules) return kafkajsModules[name];
        if (!existsSync(target) && !existsSync(`${target}.js`) && !existsSync(`${target}.json`))
          throw new Error(`KafkaJS internal module src/${name} (not part of kafe/kafkajs)`);
      }
    }
    return load.call(this, request, parent, isMain);
  };
}
