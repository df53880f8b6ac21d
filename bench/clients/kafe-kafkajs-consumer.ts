/**
 * The KafkaJS consumer adapter's code, unchanged, on kafe/kafkajs (KafkaJS's API on kafe's
 * engine): what a KafkaJS application gets by swapping its import. Beside native `kafe`, it
 * shows what the compatibility layer costs.
 */
import * as kafeKafkajs from '../../src/kafkajs/index.js';
import type { KafkaJSApi } from './kafkajs-codecs.js';
import { kafkajsConsumer } from './kafkajs-consumer.js';

export default kafkajsConsumer(kafeKafkajs as unknown as KafkaJSApi, 'bench-kafe-kafkajs');
