import { Kafka } from './src/kafka.js';
const kafka = new Kafka({ brokers: ['127.0.0.1:25440'], clientId: 'probe' });
const topic = `t3`;
await kafka.admin().createTopics([{ topic, partitions: 2, replicationFactor: 1 }]).catch(() => {});
const p = kafka.producer();
for (let i = 0; i < 10; i++) await p.send({ topic, partition: i % 2, value: `v${i}` });
const c = kafka.consumer({ groupId: 'g3', groupProtocol: 'consumer' });
c.subscribe([topic]);
let n = 0;
void c.run({ eachMessage: async () => { n++; } });
while (n < 6) await new Promise((r) => setTimeout(r, 100));
await c.commit?.();
console.log('consumed', n);
await new Promise((r) => setTimeout(r, 500));
// keep running for the tool; write a marker
console.log('READY');
await new Promise((r) => setTimeout(r, 25000));
await c.close();
await kafka.close();
