import { db, Prisma } from '../server/db/client.ts'
import { pairConditions, pairJoins, pairOrder, humanMajority } from '../server/services/data/pair-filter-sql.ts'
const [{ id }] = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Project" ORDER BY "createdAt" DESC LIMIT 1`
const [{ rm }] = await db.$queryRaw<{ rm: string }[]>`SELECT id AS rm FROM "RewardModel" WHERE "projectId" = ${id}`
const f = JSON.parse(process.argv[2].replace('RM', rm))
const o = pairOrder(f, null)
await db.$executeRawUnsafe(process.env.WM ? `SET work_mem = '${process.env.WM}'` : "SELECT 1")
const q = Prisma.sql`EXPLAIN (ANALYZE, BUFFERS off, TIMING off) SELECT p.id, ${humanMajority} AS m, ${o.value} AS v ${pairJoins(id, f)} WHERE ${pairConditions(id, f)} AND ${o.after} ORDER BY ${o.orderBy} LIMIT 51`
for (const r of await db.$queryRaw<{ 'QUERY PLAN': string }[]>(q)) console.log(r['QUERY PLAN'])
await db.$disconnect()
