#!/usr/bin/env bash
# Mixed-load A/B of the dashboard cache on the CI clone's production build: same database, same machine,
# the server restarted with REWARDLAB_DASHBOARD_MAX_AGE_SECONDS=5 (cache) and =0 (every read computes).
set -u
cd "$(dirname "$0")/.."   # a checkout with a production build (npm run build)
node scripts/db.mjs start --data /tmp/benchpg --port 55530 --db bench
export DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:55530/bench
node -e "import('./scripts/setup.mjs').then(m=>m.migrate(process.env))" > /dev/null
node --import tsx -e "const {db}=await import('./server/db/client.ts');const {createUser}=await import('./server/services/users/create-user.ts');if(!await db.user.findFirst({where:{role:'ADMIN'}}))await createUser(null,{email:'bench-admin@bench.rewardlab',name:'Bench admin',role:'ADMIN',password:'bench-admin-password'});await db.\$disconnect()"
export AUTH_SECRET=bench-secret-0123456789abcdef0123456789abcdef REWARDLAB_SIGNIN_MAX_FAILURES_PER_ADDRESS=10000 NODE_ENV=production
for age in 5 0; do
  REWARDLAB_DASHBOARD_MAX_AGE_SECONDS=$age node --import tsx scripts/web.ts --port 3601 --host 127.0.0.1 > /tmp/bench-web-$age.log 2>&1 &
  web=$!
  for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:3601/signin && break; sleep 2; done
  echo "== REWARDLAB_DASHBOARD_MAX_AGE_SECONDS=$age"
  npx tsx bench/label-load.ts --base http://127.0.0.1:3601 --annotators 32 --seconds 30 --pairs 40000 --dashboards 2 --dashboard-labels 100000 2>&1 | tail -25
  kill $web; wait $web 2>/dev/null
done
node scripts/db.mjs stop --data /tmp/benchpg
