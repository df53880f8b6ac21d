/** Cluster and quota administration on Kafka 4.x (one broker). */
import { clusterAdminChecks } from '../cluster-admin-checks.js';

clusterAdminChecks('Kafka 4.x');
