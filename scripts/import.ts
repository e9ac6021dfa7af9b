// Command-line import, for files too big or too many for the browser. Runs the import in this process
// (no worker needed) with a progress bar, then prints the counts and the invalid lines.
//   npm run import -- --project <id> --format HH_RLHF --file path [--mode skip|all] [--as email] [--judge name]
// Acts as the given user (a researcher or admin), by default the first admin. Reads .env.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadEnv } from './env.mjs'

const USAGE = 'usage: npm run import -- --project <id> --format <FORMAT> --file <path> [--mode skip|all] [--as <email>] [--judge <name>]'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { importLocalFile } = await import('../server/services/imports/import-local-file.ts')
const { FORMAT_INFO } = await import('../server/services/imports/parsers/index.ts')
type Format = keyof typeof FORMAT_INFO

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

function readArgs() {
  const { values } = parseArgs({
    options: { project: { type: 'string' }, format: { type: 'string' }, file: { type: 'string' }, mode: { type: 'string', default: 'skip' }, as: { type: 'string' }, judge: { type: 'string' } },
  })
  if (!values.project || !values.format || !values.file) fail(USAGE)
  const format = values.format.toUpperCase()
  if (!(format in FORMAT_INFO)) fail(`unknown format ${values.format}; one of: ${Object.keys(FORMAT_INFO).join(', ')}`)
  if (values.mode !== 'skip' && values.mode !== 'all') fail(`--mode is skip or all, not ${values.mode}`)
  return { ...values, project: values.project, file: values.file, format: format as Format, mode: values.mode === 'all' ? 'ALL_OR_NOTHING' as const : 'SKIP_INVALID' as const }
}

async function findActor(email?: string) {
  const user = email
    ? await db.user.findUnique({ where: { email } })
    : await db.user.findFirst({ where: { role: 'ADMIN', active: true }, orderBy: { createdAt: 'asc' } })
  if (!user) fail(email ? `no user ${email}` : 'no admin account yet: run `npm run seed` or pass --as <email>')
  return { id: user.id, role: user.role, name: user.name, email: user.email }
}

function progressBar() {
  const tty = process.stdout.isTTY
  let lastTenth = -1
  return {
    update(fraction: number, phase: string) {
      const pct = Math.round(100 * fraction)
      if (tty) {
        const width = 30
        const filled = Math.round(width * fraction)
        process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${phase}`.slice(0, process.stdout.columns || 120).padEnd(Math.min(process.stdout.columns || 120, 120)))
      } else if (Math.floor(pct / 10) > lastTenth) {
        lastTenth = Math.floor(pct / 10)
        console.log(`${pct}% ${phase}`)
      }
    },
    end() { if (tty) process.stdout.write('\n') },
  }
}

async function main() {
  const args = readArgs()
  const actor = await findActor(args.as)
  const abort = new AbortController()
  process.once('SIGINT', () => { console.error('\ncancelling after the current batch…'); abort.abort() })
  const bar = progressBar()
  const t0 = performance.now()
  const imp = await importLocalFile(actor, {
    projectId: args.project, format: args.format, mode: args.mode, filePath: path.resolve(args.file), judgeName: args.judge,
  }, { signal: abort.signal, onProgress: (f, phase) => bar.update(f, phase) })
  bar.end()
  const seconds = ((performance.now() - t0) / 1000).toFixed(1)
  console.log(`${imp.job.status.toLowerCase()} in ${seconds} s: ${imp.linesRead} lines read, ${imp.pairsCreated} new pairs, ${imp.pairsExisting} already present, ${imp.labelsCreated} new labels, ${imp.invalidLines} invalid lines`)
  if (imp.job.error) console.log(`error: ${imp.job.error}`)
  const errors = imp.errors as { line: number; reason: string }[]
  for (const e of errors) console.log(`  line ${e.line}: ${e.reason.replace(/^(line|item) \d+: /, '')}`)
  if (imp.invalidLines > errors.length) console.log(`  … and ${imp.invalidLines - errors.length} more`)
  return imp.job.status === 'SUCCEEDED' ? 0 : 1
}

main().then(async (code) => { await db.$disconnect(); process.exit(code) }).catch(async (e) => {
  console.error(e instanceof Error ? e.message : e)
  await db.$disconnect()
  process.exit(1)
})
