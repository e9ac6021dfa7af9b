#!/usr/bin/env bash
# Labelling A/B between checkouts, interleaved (A, B, A, B, …) so machine load hits them alike:
# each run starts that checkout's production server (scripts/web.ts, its own `npm run build`) on its
# own database, runs bench/label-load.ts (annotators alone) from the same checkout, and prints one
# line: labels/s, submit p50/p99/max, CPU per label of the web process and of PostgreSQL (every
# backend of the cluster, read from /proc: run it on the database's machine), load average.
#   PGDATA=… bench/label-load-ab.sh ROUNDS NAME_A=DIR_A=DATABASE_URL_A NAME_B=DIR_B=DATABASE_URL_B [more variants…]
#   (ANNOTATORS=32 and SECONDS_EACH=30 by default)
# Each database must be migrated by its checkout and hold an ADMIN or RESEARCHER (bench/dashboard-cache-ab.sh
# shows both steps); PGDATA names the cluster's data folder (for its postmaster.pid).
set -u
rounds=$1; shift
ann=${ANNOTATORS:-32} secs=${SECONDS_EACH:-30}
: "${PGDATA:?PGDATA: the data folder of the cluster the databases live in}"
export AUTH_SECRET=bench-secret-0123456789abcdef0123456789abcdef REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS=10000 NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { local t=0 pm; pm=$(head -1 "$PGDATA/postmaster.pid"); for p in $(ps --ppid "$pm" -o pid=); do t=$((t + $(ticks "$p"))); done; echo $t; }

run() {  # NAME=DIR=URL PORT
  local name=${1%%=*} rest=${1#*=}; local dir=${rest%%=*} url=${rest#*=} port=$2 out=/tmp/label-ab-$name.txt
  (cd "$dir" && DATABASE_URL=$url exec node --import tsx scripts/web.ts --port "$port" --host 127.0.0.1) > "/tmp/label-ab-web-$name.log" 2>&1 &
  local web=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/signin" && break; sleep 1; done
  (cd "$dir" && DATABASE_URL=$url exec npx tsx bench/label-load.ts --base "http://127.0.0.1:$port" --annotators "$ann" --seconds "$secs" --pairs 40000) > "$out" 2>&1 &
  local bench=$!
  # CPU is counted while the annotators label: from their sign-in (argon2, not the label path) to the end.
  until grep -q "signed in" "$out" 2>/dev/null || ! kill -0 $bench 2>/dev/null; do sleep 0.2; done
  local la0 w0 p0 w1 p1
  la0=$(cut -d' ' -f1-3 /proc/loadavg); w0=$(ticks $web); p0=$(pg_ticks)
  sleep "$secs"
  w1=$(ticks $web); p1=$(pg_ticks)
  wait $bench
  kill $web; wait $web 2>/dev/null
  node -e "
    const s = require('fs').readFileSync('$out', 'utf8'); const j = JSON.parse(s.slice(s.indexOf('{'), s.lastIndexOf('}') + 1))
    const perLabel = (t) => (t * 10 / j.accepted).toFixed(2)
    console.log(['$name', j.labelsPerSecond + ' labels/s', 'p50 ' + j.submitP50ms, 'p99 ' + j.submitP99ms, 'max ' + j.submitMaxMs,
      'web ' + perLabel($w1 - $w0) + ' ms/label', 'PostgreSQL ' + perLabel($p1 - $p0) + ' ms/label',
      'load $la0 -> ' + require('fs').readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      /OK: every/.test(s) ? 'OK' : 'MISMATCH', JSON.stringify(j.errors)].join(' | '))"
}

for _ in $(seq 1 "$rounds"); do
  port=3621
  for v in "$@"; do run "$v" $port; port=$((port + 1)); done
done
