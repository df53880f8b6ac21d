import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loggingProperties, nodeProperties } from '../../../harness/broker-config.js';
import { kafkaReleases, resolveRelease } from '../../../harness/kafka-versions.js';

describe('resolveRelease', () => {
  it('maps short and full names to the known releases', () => {
    assert.equal(resolveRelease('4').version, kafkaReleases['4'].version);
    assert.equal(resolveRelease('3.9').version, '3.9.2');
    assert.equal(resolveRelease('3.9.2').version, '3.9.2');
    assert.equal(resolveRelease('4.4').version, kafkaReleases['4'].version);
  });

  it('names the choices when the version is unknown', () => {
    assert.throws(
      () => resolveRelease('2.8'),
      /Unknown Kafka version "2\.8": use one of 4 \(4\.\d+\.\d+\), 3\.9 \(3\.9\.2\)/,
    );
  });
});

describe('nodeProperties', () => {
  const base = {
    nodeId: 2,
    voters: [
      { id: 1, controllerPort: 9001 },
      { id: 2, controllerPort: 9002 },
      { id: 3, controllerPort: 9003 },
    ],
    dataDir: '/tmp/x/data',
    brokerCount: 3,
  };

  it('writes a combined KRaft node with a 3-voter quorum and replicated internal topics', () => {
    const text = nodeProperties({ ...base, ports: { plaintext: 9092, controller: 9002 }, security: 'plain' });
    assert.match(text, /^process\.roles=broker,controller$/m);
    assert.match(
      text,
      /^controller\.quorum\.voters=1@127\.0\.0\.1:9001,2@127\.0\.0\.1:9002,3@127\.0\.0\.1:9003$/m,
    );
    assert.match(text, /^advertised\.listeners=PLAINTEXT:\/\/127\.0\.0\.1:9092$/m);
    assert.match(text, /^offsets\.topic\.replication\.factor=3$/m);
    assert.doesNotMatch(text, /sasl\.enabled\.mechanisms/);
  });

  it('writes a dynamic quorum by bootstrap servers, and controller-only and broker-only nodes (KIP-853)', () => {
    const ports = { plaintext: 9094, controller: 9004 };
    const voters = [{ id: 1, controllerPort: 9001 }];
    const input = { ...base, nodeId: 4, ports, voters, dynamicQuorum: true, security: 'plain' as const };
    const controller = nodeProperties({ ...input, roles: 'controller' });
    assert.match(controller, /^process\.roles=controller$/m);
    assert.match(controller, /^controller\.quorum\.bootstrap\.servers=127\.0\.0\.1:9001$/m);
    assert.doesNotMatch(controller, /controller\.quorum\.voters/);
    // Its only listener is CONTROLLER, advertised: a voter is added by its endpoint.
    assert.match(controller, /^listeners=CONTROLLER:\/\/127\.0\.0\.1:9004$/m);
    assert.match(controller, /^advertised\.listeners=CONTROLLER:\/\/127\.0\.0\.1:9004$/m);
    assert.doesNotMatch(controller, /inter\.broker\.listener\.name/);
    const broker = nodeProperties({ ...input, roles: 'broker' });
    assert.match(broker, /^process\.roles=broker$/m);
    assert.match(broker, /^listeners=PLAINTEXT:\/\/127\.0\.0\.1:9094$/m);
    assert.match(broker, /^controller\.listener\.names=CONTROLLER$/m);
    assert.match(broker, /^inter\.broker\.listener\.name=PLAINTEXT$/m);
  });

  it('writes the share-group settings only for a release with share groups (KIP-932)', () => {
    const ports = { plaintext: 9092, controller: 9002 };
    const with4 = nodeProperties({ ...base, ports, security: 'plain', shareGroups: true });
    assert.match(with4, /^group\.share\.record\.lock\.duration\.ms=15000$/m);
    assert.match(with4, /^group\.share\.min\.record\.lock\.duration\.ms=1000$/m);
    assert.match(with4, /^group\.share\.session\.timeout\.ms=10000$/m);
    const without = nodeProperties({ ...base, ports, security: 'plain' });
    assert.doesNotMatch(without, /^group\.share\./m);
  });

  it('formats 4.x with share.version named, 3.9 without', () => {
    assert.deepEqual(resolveRelease('4').features, ['share.version=2']);
    assert.deepEqual(resolveRelease('3.9').features, []);
  });

  it('adds SSL (client certificate required) and SASL_SSL listeners in ssl mode', () => {
    const certificates = {
      password: 'p',
      caPem: '/c/ca.pem',
      truststore: '/c/t.p12',
      brokerKeystore: '/c/b.p12',
      clientKeystore: '/c/c.p12',
    };
    const text = nodeProperties({
      ...base,
      brokerCount: 1,
      ports: { plaintext: 1, controller: 2, ssl: 3, saslSsl: 4 },
      security: 'ssl',
      certificates,
    });
    assert.match(
      text,
      /^advertised\.listeners=PLAINTEXT:\/\/127\.0\.0\.1:1,SSL:\/\/127\.0\.0\.1:3,SASL_SSL:\/\/127\.0\.0\.1:4$/m,
    );
    assert.match(text, /^listener\.name\.ssl\.ssl\.client\.auth=required$/m);
    assert.match(text, /^ssl\.keystore\.location=\/c\/b\.p12$/m);
    assert.match(text, /^listener\.name\.sasl_ssl\.scram-sha-512\.sasl\.jaas\.config=/m);
    assert.match(text, /^offsets\.topic\.replication\.factor=1$/m);
  });

  it('gives a node one log directory by default, and N of them with logDirs (JBOD)', () => {
    const ports = { plaintext: 1, controller: 2 };
    assert.match(nodeProperties({ ...base, ports, security: 'plain' }), /^log\.dirs=\/tmp\/x\/data$/m);
    assert.match(
      nodeProperties({ ...base, ports, security: 'plain', logDirs: 2 }),
      /^log\.dirs=\/tmp\/x\/data-1,\/tmp\/x\/data-2$/m,
    );
  });

  it('adds the authorizer with its super users, the token secret and the rack when asked', () => {
    const text = nodeProperties({
      ...base,
      ports: { plaintext: 1, controller: 2, sasl: 3 },
      security: 'sasl',
      authorizer: true,
      rack: 'rack-2',
    });
    assert.match(
      text,
      /^authorizer\.class\.name=org\.apache\.kafka\.metadata\.authorizer\.StandardAuthorizer$/m,
    );
    assert.match(text, /^super\.users=User:ANONYMOUS;User:kafe;User:kafe-scram;User:CN=kafe-client$/m);
    assert.match(text, /^delegation\.token\.secret\.key=\S+$/m);
    assert.match(text, /^broker\.rack=rack-2$/m);
    // The user without rights logs in with PLAIN too.
    assert.match(
      text,
      /PlainLoginModule required user_kafe="kafe-secret" user_kafe-nobody="kafe-nobody-secret";/,
    );
    const plain = nodeProperties({ ...base, ports: { plaintext: 1, controller: 2 }, security: 'plain' });
    assert.doesNotMatch(plain, /authorizer|broker\.rack|delegation/);
    assert.throws(
      () =>
        nodeProperties({
          ...base,
          ports: { plaintext: 1, controller: 2 },
          security: 'plain',
          authorizer: true,
        }),
      /an authorizer needs a secured cluster/,
    );
  });

  it('refuses ssl mode without certificates', () => {
    assert.throws(
      () => nodeProperties({ ...base, ports: { plaintext: 1, controller: 2 }, security: 'ssl' }),
      /needs certificates/,
    );
  });
});

describe('loggingProperties', () => {
  it('writes log4j2 and reload4j configurations to a file or stderr', () => {
    assert.match(
      loggingProperties('log4j2', '/l/server.log', 'INFO'),
      /appender\.out\.fileName=\/l\/server\.log/,
    );
    assert.match(
      loggingProperties('log4j2', null, 'WARN'),
      /appender\.out\.target=SYSTEM_ERR[\s\S]*rootLogger\.level=WARN/,
    );
    assert.match(loggingProperties('reload4j', '/l/s.log', 'INFO'), /log4j\.appender\.out\.File=\/l\/s\.log/);
  });
});
