#!/usr/bin/env bash
# Regenerates java-batches.tsv (batches written by Apache Kafka's Java classes) and
# java-decoded.txt (what Java decodes from them), then checks that Java decodes the batches
# kafe writes for the same records exactly as it decodes its own. Needs java/javac 17+ and the
# kafka-clients 3.9.2 jars in ~/.m2 (`mvn dependency:get -Dartifact=org.apache.kafka:kafka-clients:3.9.2`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
# newest jar of an artifact whose version matches a glob
jar() { ls "$m2/$1"/$3/"$2"-*.jar | grep -v sources | sort -V | tail -1; }
cp="$(jar org/apache/kafka/kafka-clients kafka-clients '3.9.*')"
cp="$cp:$(jar at/yawk/lz4/lz4-java lz4-java '*' 2>/dev/null || jar org/lz4/lz4-java lz4-java '*')"
cp="$cp:$(jar org/xerial/snappy/snappy-java snappy-java '*'):$(jar com/github/luben/zstd-jni zstd-jni '*')"
cp="$cp:$(jar org/slf4j/slf4j-api slf4j-api '1.*')"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" -cp "$cp" "$here/RecordBatchOracle.java"
java -cp "$out:$cp" RecordBatchOracle write 2>/dev/null > "$here/java-batches.tsv"
java -cp "$out:$cp" RecordBatchOracle read < "$here/java-batches.tsv" 2>/dev/null > "$here/java-decoded.txt"
(cd "$root" && npx tsx "$here/kafe-batches.ts") > "$out/kafe-batches.tsv"
java -cp "$out:$cp" RecordBatchOracle read < "$out/kafe-batches.tsv" 2>/dev/null > "$out/java-decoded-kafe.txt"
if diff <(sort "$here/java-decoded.txt") <(sort "$out/java-decoded-kafe.txt"); then
  echo "Java decodes kafe's batches exactly as its own ($(wc -l < "$out/kafe-batches.tsv") batches)"
else
  echo "Java decodes kafe's batches differently (diff above)" >&2
  exit 1
fi
