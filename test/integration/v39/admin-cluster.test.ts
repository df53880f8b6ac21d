/** Cluster and quota administration on Kafka 3.9 (one broker). */
import { clusterAdminChecks } from '../cluster-admin-checks.js';

clusterAdminChecks('Kafka 3.9');
