/** The kafe API over SASL_PLAINTEXT with PLAIN and SCRAM-SHA-512. */
import { kafeSaslSuite } from '../kafe-security.js';

kafeSaslSuite('sasl');
