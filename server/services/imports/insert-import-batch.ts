// Writes one batch of an import inside the caller's transaction with a few bulk statements per table
// (unnest() over arrays: one statement for 500 rows, never one query per row). Prompts, responses and
// pairs are found or created by content hash; labels are inserted with ON CONFLICT DO NOTHING on
// (pairId, raterKey). Running a batch twice adds nothing the second time: re-imports are idempotent.
import type { BulkClient } from './bulk-connection.ts'
import { newRowId } from '../../lib/new-row-id.ts'
import type { ParsedLabel } from './parsers/index.ts'
import type { LineError, PreparedPair, RefItem } from './read-import-batches.ts'

export type BatchTarget = { importId: string; projectId: string }
export type BatchResult = { pairsCreated: number; pairsExisting: number; labelsCreated: number; unresolved: LineError[] }
type Row = { id: string; contentHash: string }

/** content hash → prompt id, creating the prompts not stored yet. */
async function promptIds(db: BulkClient, projectId: string, pairs: PreparedPair[]) {
  const texts = new Map<string, string>()
  for (const p of pairs) if (!texts.has(p.promptHash)) texts.set(p.promptHash, p.pair.prompt)
  const hashes = [...texts.keys()]
  await db.query(`
    INSERT INTO "Prompt" ("id", "projectId", "text", "contentHash")
    SELECT i.id, $1, i.text, i.hash FROM unnest($2::text[], $3::text[], $4::text[]) AS i(id, text, hash)
    ON CONFLICT ("projectId", "contentHash") DO NOTHING`, [projectId, hashes.map(newRowId), [...texts.values()], hashes])
  const { rows } = await db.query<Row>(`SELECT "id", "contentHash" FROM "Prompt" WHERE "projectId" = $1 AND "contentHash" = ANY($2::text[])`, [projectId, hashes])
  return new Map(rows.map((r) => [r.contentHash, r.id]))
}

/** "promptId\nhash" → response id, creating the responses not stored yet (the first model named wins). */
async function responseIds(db: BulkClient, pairs: PreparedPair[], prompts: Map<string, string>) {
  const rows = new Map<string, { promptId: string; text: string; model: string | null; hash: string }>()
  for (const p of pairs) {
    const promptId = prompts.get(p.promptHash)!
    for (const [hash, text, model] of [[p.hashA, p.pair.responseA, p.pair.modelA], [p.hashB, p.pair.responseB, p.pair.modelB]] as const) {
      const key = `${promptId}\n${hash}`
      if (!rows.has(key)) rows.set(key, { promptId, text, model: model ?? null, hash })
    }
  }
  const list = [...rows.values()]
  await db.query(`
    INSERT INTO "Response" ("id", "promptId", "text", "model", "contentHash")
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
    ON CONFLICT ("promptId", "contentHash") DO NOTHING`,
  [list.map(newRowId), list.map((r) => r.promptId), list.map((r) => r.text), list.map((r) => r.model), list.map((r) => r.hash)])
  // By prompt only (the unique index's leading column): a prompt has few responses, and this index
  // scan beats the hash join the planner picks for a join against unnest().
  const found = await db.query<Row & { promptId: string }>(
    `SELECT "id", "promptId", "contentHash" FROM "Response" WHERE "promptId" = ANY($1::text[])`, [[...new Set(prompts.values())]])
  return new Map(found.rows.map((r) => [`${r.promptId}\n${r.contentHash}`, r.id]))
}

async function findPairs(db: BulkClient, projectId: string, hashes: string[]) {
  return (await db.query<Row>(`SELECT "id", "contentHash" FROM "Pair" WHERE "projectId" = $1 AND "contentHash" = ANY($2::text[])`, [projectId, hashes])).rows
}

/** pair hash → id for every pair of the batch, and how many of them this batch created. */
async function pairIds(db: BulkClient, target: BatchTarget, pairs: PreparedPair[]) {
  const prompts = await promptIds(db, target.projectId, pairs)
  const responses = await responseIds(db, pairs, prompts)
  // Insert first and look up only what was already there: on a first import that saves a query per batch.
  const fresh = new Map<string, PreparedPair>()
  for (const p of pairs) if (!fresh.has(p.hash)) fresh.set(p.hash, p)
  const list = [...fresh.values()]
  const promptCol = list.map((p) => prompts.get(p.promptHash)!)
  // WITH ORDINALITY + ORDER BY: the serial ordinal (queue order) follows the file's order.
  const created = (await db.query<Row>(`
    INSERT INTO "Pair" ("id", "projectId", "promptId", "responseAId", "responseBId", "contentHash", "sourceRef", "importId", "goldChoice", "goldSetAt")
    SELECT i.id, $1, i.prompt, i.a, i.b, i.hash, i.ref, $2, i.gold::"Choice", CASE WHEN i.gold IS NOT NULL THEN now() END
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS i(id, prompt, a, b, hash, ref, gold, n)
    ORDER BY i.n
    ON CONFLICT ("projectId", "contentHash") DO NOTHING
    RETURNING "id", "contentHash"`, [
    target.projectId, target.importId, list.map(newRowId), promptCol,
    list.map((p, k) => responses.get(`${promptCol[k]}\n${p.hashA}`)!), list.map((p, k) => responses.get(`${promptCol[k]}\n${p.hashB}`)!),
    list.map((p) => p.hash), list.map((p) => p.pair.sourceRef ?? null), list.map((p) => p.pair.gold ?? null),
  ])).rows
  const byHash = new Map(created.map((r) => [r.contentHash, r.id]))
  const present = [...fresh.keys()].filter((h) => !byHash.has(h))
  if (present.length) for (const r of await findPairs(db, target.projectId, present)) byHash.set(r.contentHash, r.id)
  return { byHash, created: created.length }
}

/** sourceRef → pair id; the earliest imported pair wins when several share a sourceRef. */
export async function resolveSourceRefs(db: BulkClient, projectId: string, sourceRefs: string[]) {
  const unique = [...new Set(sourceRefs)]
  if (!unique.length) return new Map<string, string>()
  const { rows } = await db.query<{ id: string; sourceRef: string }>(`
    SELECT DISTINCT ON ("sourceRef") "sourceRef", "id" FROM "Pair"
    WHERE "projectId" = $1 AND "sourceRef" = ANY($2::text[]) ORDER BY "sourceRef", "ordinal"`, [projectId, unique])
  return new Map(rows.map((r) => [r.sourceRef, r.id]))
}

export const unresolvedReason = (line: number, sourceRef: string) =>
  `line ${line}: no pair in this project was imported as '${sourceRef}' (its item was not imported yet, was invalid, or repeated an earlier pair)`

/**
 * Inserts the labels; in the same statement, the new HUMAN labels raise their pairs' claimCount when
 * the project counts imported labels toward the overlap (Pair.claimCount's rule in data.prisma), so
 * annotators are not served a pair the import already covers.
 */
async function insertLabels(db: BulkClient, target: BatchTarget, rows: { pairId: string; l: ParsedLabel }[]) {
  if (!rows.length) return 0
  const res = await db.query<{ n: number }>(`
    WITH ins AS (
      INSERT INTO "Label" ("id", "pairId", "projectId", "source", "choice", "probability", "rationale", "raterKey", "raterName", "importId")
      SELECT i.id, i.pair, $10, i.source::"LabelSource", i.choice::"Choice", i.p, i.why, i.rater, i.name, $1
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[]) AS i(id, pair, source, choice, p, why, rater, name)
      ON CONFLICT ("pairId", "raterKey") DO NOTHING
      RETURNING "pairId", source
    ), claimed AS (
      UPDATE "Pair" p SET "claimCount" = p."claimCount" + c.n
      FROM (SELECT "pairId", count(*)::int AS n FROM ins WHERE source = 'HUMAN' GROUP BY "pairId") c, "Project" pr
      WHERE p.id = c."pairId" AND pr.id = p."projectId" AND pr."importedLabelsCountTowardOverlap"
    )
    SELECT count(*)::int AS n FROM ins`, [
    target.importId, rows.map(newRowId), rows.map((r) => r.pairId), rows.map((r) => r.l.source), rows.map((r) => r.l.choice),
    rows.map((r) => r.l.probability ?? null), rows.map((r) => r.l.rationale ?? null), rows.map((r) => r.l.raterKey), rows.map((r) => r.l.raterName ?? null), target.projectId,
  ])
  return res.rows[0]?.n ?? 0
}

export async function insertImportBatch(db: BulkClient, target: BatchTarget, pairs: PreparedPair[], refs: RefItem[]): Promise<BatchResult> {
  const { byHash, created } = pairs.length ? await pairIds(db, target, pairs) : { byHash: new Map<string, string>(), created: 0 }
  const refPairs = await resolveSourceRefs(db, target.projectId, refs.map((r) => r.ref.sourceRef))
  const rows = new Map<string, { pairId: string; l: ParsedLabel }>()
  const add = (pairId: string, l: ParsedLabel) => {
    const key = `${pairId}\n${l.raterKey}`
    if (!rows.has(key)) rows.set(key, { pairId, l })
  }
  for (const p of pairs) for (const l of p.pair.labels) add(byHash.get(p.hash)!, l)
  const unresolved: LineError[] = []
  for (const r of refs) {
    const pairId = refPairs.get(r.ref.sourceRef)
    if (pairId) add(pairId, r.ref.label)
    else unresolved.push({ line: r.line, reason: unresolvedReason(r.line, r.ref.sourceRef) })
  }
  const labelsCreated = await insertLabels(db, target, [...rows.values()])
  return { pairsCreated: created, pairsExisting: pairs.length - created, labelsCreated, unresolved }
}
