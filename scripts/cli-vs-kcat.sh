#!/bin/bash
# The side-by-side timing of issue 17: kafe's command line and kcat doing the same work on
# 1,000,000 records of 100 bytes, rounds interleaved, each run timed by /usr/bin/time (wall,
# user and system CPU, peak RSS) with the load average when it started. Not part of the test
# suite (it takes minutes); run it by hand on a cluster of its own:
#
#   npm run build && npm run kafka -- start --name cli-perf
#   [NODE=/path/to/node] scripts/cli-vs-kcat.sh 127.0.0.1:PORT results.txt 3
#   npm run kafka -- stop --name cli-perf
#
# Produce: `kafe perf produce` (payloads made in process) beside `kcat -P` and `kafe produce`
# both reading the same file of lines. Consume: `kafe consume --exit` and `kcat -C -e` reading
# the same topic to /dev/null. kcat is idempotent like kafe (acks=all is both defaults).
set -u
BROKERS=$1
OUT=$2
ROUNDS=${3:-3}
N=${N:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NODE=${NODE:-node}
KAFE="$NODE $ROOT/dist/cli/kafe.js"
DATA=${DATA:-${TMPDIR:-/tmp}/kafe-cli-vs-kcat-$N.txt}
export KAFE_BROKERS=$BROKERS
[ -s "$DATA" ] || node -e "
  const fs = require('node:fs');
  const lines = ('x'.repeat(100) + '\n').repeat(1000);
  const fd = fs.openSync(process.argv[1], 'w');
  for (let i = 0; i < Number(process.argv[2]) / 1000; i++) fs.writeSync(fd, lines);
  fs.closeSync(fd);" "$DATA" "$N"

timed() { # LABEL COMMAND
  local label=$1 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$OUT.time" bash -c "$2" >"$OUT.run" 2>&1
  local code=$?
  printf '%-22s exit=%s wall_s,user_s,sys_s,maxrss_kb=%s load=%s\n' "$label" "$code" \
    "$(tail -1 "$OUT.time" | tr ' ' ,)" "$load" | tee -a "$OUT"
  [ "$code" = 0 ] || tail -5 "$OUT.run"
}

$KAFE topics create cli-vs-kcat-src -p 1 -r 1 --if-not-exists >/dev/null
# The topic both consumers read: N records written once.
$KAFE offsets cli-vs-kcat-src | grep -q " $N " || kcat -P -b "$BROKERS" -t cli-vs-kcat-src -l "$DATA"
run=$(date +%s)
# A new broker writes its first records slowly (its JIT warming up, the log's first segments):
# one produce of each tool and one read of each, not reported, before the measured rounds.
$KAFE topics create "cli-vs-kcat-$run-warm-up" -p 1 -r 1 >/dev/null
$KAFE perf produce "cli-vs-kcat-$run-warm-up" -n "$N" -s 100 >/dev/null
kcat -P -b "$BROKERS" -t "cli-vs-kcat-$run-warm-up" -X enable.idempotence=true -l "$DATA"
$KAFE consume cli-vs-kcat-src --exit >/dev/null
kcat -C -b "$BROKERS" -t cli-vs-kcat-src -e -q >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  for t in kafe-perf kcat-file kafe-file; do $KAFE topics create "cli-vs-kcat-$run-$t-$r" -p 1 -r 1 >/dev/null; done
  kafe_perf() { timed "kafe perf produce" "$KAFE perf produce cli-vs-kcat-$run-kafe-perf-$r -n $N -s 100"; }
  kcat_file() { timed "kcat -P FILE" "kcat -P -b $BROKERS -t cli-vs-kcat-$run-kcat-file-$r -X enable.idempotence=true -l $DATA"; }
  kafe_file() { timed "kafe produce FILE" "$KAFE produce cli-vs-kcat-$run-kafe-file-$r $DATA"; }
  kafe_read() { timed "kafe consume --exit" "$KAFE consume cli-vs-kcat-src --exit >/dev/null"; }
  kcat_read() { timed "kcat -C -e" "kcat -C -b $BROKERS -t cli-vs-kcat-src -e -q >/dev/null"; }
  # The order turns every round, so neither tool always meets the broker first.
  if [ $((r % 2)) = 1 ]; then
    kafe_perf; kcat_file; kafe_file; kafe_read; kcat_read
  else
    kcat_file; kafe_file; kafe_perf; kcat_read; kafe_read
  fi
done
rm -f "$OUT.time" "$OUT.run"
