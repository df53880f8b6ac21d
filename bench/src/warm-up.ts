/**
 * Warms fresh brokers up until their throughput is stable, before the first measured client: a
 * broker JVM just started is still compiling its produce and fetch paths, so its throughput climbs
 * for a while, which a fixed warm-up may or may not cover and which would charge whichever
 * client comes first. Each round Kafka's own tools push `warmRecords` 100 B records through a
 * fresh topic and read them back; the rounds stop when the last three producer throughputs lie
 * within 10 % (`settled`), or after `warmRounds` (then the run goes on and says so).
 */

import { makeCase } from './cases.js';
import { baseTask, javaDrain, javaProduce, type RunContext } from './client-runs.js';
import { settled } from './rounds.js';
import { createTopic, deleteTopics } from './topics.js';

/** The warm-up's throughputs, msg/s, and whether they settled. */
export interface WarmUp {
  samples: number[];
  settled: boolean;
}

/** Warms `count` brokers until their throughput settles (see the module comment). */
export async function warmBrokers(count: 1 | 3, ctx: RunContext): Promise<WarmUp> {
  const c = makeCase('producer', 100, count === 3 ? 'all' : 1, 'none', 'defaults');
  const samples: number[] = [];
  for (let round = 0; round < ctx.sizes.warmRounds && !settled(samples); round++) {
    const task = baseTask(c, 'kafkajs', ctx, ctx.sizes.warmRecords);
    await createTopic(ctx.brokers.bootstrap, { name: task.topic, partitions: 3, replicationFactor: count });
    try {
      samples.push(Math.round((await javaProduce(ctx, task)).msgPerSec));
      await javaDrain(ctx, { ...task, records: task.records + task.warmup });
    } finally {
      await deleteTopics(ctx.brokers.bootstrap, [task.topic]).catch(() => {});
    }
    console.log(`bench: warming ${count} broker(s) up: ${samples.join(', ')} msg/s`);
  }
  return { samples, settled: settled(samples) };
}
