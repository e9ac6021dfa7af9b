#!/usr/bin/env bash
# The mixed load with stored dashboard snapshots, as run for docs/benchmarks.md ("Stored dashboard
# snapshots"): one database, one 100k-label dashboard project made once, the production server
# restarted before each run, the annotators labelling another project while one label a second
# lands on the dashboard project (--dashboard-trickle), so its numbers keep changing:
#   1. OLD=<checkout of the commit before> with its in-memory cache: the first read after the start computes;
#   2. this checkout, the project never computed: its first read computes (once) and stores it;
#   3. this checkout again after a restart: the first read is the stored snapshot.
# Both checkouts need a production build (npm run build; the API itself is served by scripts/web.ts).
set -u
cd "$(dirname "$0")/.."
OLD=${OLD:?set OLD to a checkout of the previous commit with node_modules, a generated client and .next}
node scripts/db.mjs start --data /tmp/benchpg-dash --port 55531 --db bench
export DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:55531/bench
node -e "import('./scripts/setup.mjs').then(m=>m.migrate(process.env))" > /dev/null
node --import tsx -e "const {db}=await import('./server/db/client.ts');const {createUser}=await import('./server/services/users/create-user.ts');if(!await db.user.findFirst({where:{role:'ADMIN'}}))await createUser(null,{email:'bench-admin@bench.rewardlab',name:'Bench admin',role:'ADMIN',password:'bench-admin-password'});await db.\$disconnect()"
export AUTH_SECRET=bench-secret-0123456789abcdef0123456789abcdef REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS=10000 NODE_ENV=production
project=$(node --import tsx -e "const {db}=await import('./server/db/client.ts');const {setupDashboardProject}=await import('./bench/dashboard-project.ts');const o=await db.user.findFirstOrThrow({where:{role:'ADMIN'}});const p=await setupDashboardProject(db,o.id,Math.random().toString(36).slice(2,8),100000);await db.\$executeRawUnsafe('ANALYZE \"Label\", \"Pair\"');console.log(p);await db.\$disconnect()")
echo "dashboard project $project"
run() { # $1 name, $2 checkout
  (cd "$2" && REWARDLAB_DASHBOARD_MAX_AGE_SECONDS=5 exec node --import tsx scripts/web.ts --port 3602 --host 127.0.0.1 > /tmp/bench-web-$1.log 2>&1) &
  web=$!
  for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:3602/signin && break; sleep 2; done
  echo "== $1 (load $(cut -d' ' -f1-3 /proc/loadavg))"
  npx tsx bench/label-load.ts --base http://127.0.0.1:3602 --annotators 32 --seconds 30 --pairs 40000 --dashboards 2 --dashboard-project "$project" --dashboard-trickle 2>&1 | tail -28
  echo "(load after: $(cut -d' ' -f1-3 /proc/loadavg))"
  kill $web; wait $web 2>/dev/null
}
run old "$OLD"
run new-first-ever .
run new-after-restart .
