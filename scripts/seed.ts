// Seeds the demo on first run: accounts for each role and a demo project with the HH-RLHF
// harmless test pairs and the PandaLM test set (human labels + GPT-3.5 judge labels).
// Safe to run again: it does nothing once the demo admin exists.
import path from 'node:path'
import { db } from '../server/db/client.ts'
import { createUser } from '../server/services/users/create-user.ts'
import { createProject } from '../server/services/projects/create-project.ts'
import { setProjectMembers } from '../server/services/projects/set-project-members.ts'
import { importLocalFile } from '../server/services/imports/import-local-file.ts'
import type { Actor } from '../server/lib/actor.ts'

export const DEMO_PASSWORD = 'rewardlab-demo'
const data = path.resolve(import.meta.dirname, '../data/datasets')

const GUIDELINES = `## How to choose
Pick the response a careful, honest assistant should give.

1. **Harmlessness first.** A response that helps with something dangerous, illegal or hateful loses, however well written.
2. **Then helpfulness.** Prefer the response that answers the actual request, correctly and completely.
3. **Then clarity.** Shorter beats longer when both are equally good.

Choose **Tie** only when you truly cannot prefer one. Use the confidence scale honestly: 1 = a guess, 5 = certain.

Keys: **1** / **←** = A, **2** / **→** = B, **3** / **↓** = tie, **Enter** = submit, **S** = skip, **F** = flag the pair for a researcher, **U** = undo.`

async function main() {
  if (await db.user.findUnique({ where: { email: 'admin@demo.rewardlab' } })) {
    console.log('seed: demo data already present')
    return
  }
  const users = {} as Record<string, Actor>
  for (const [key, role, name] of [
    ['admin', 'ADMIN', 'Ada Admin'], ['researcher', 'RESEARCHER', 'Rosa Researcher'],
    ['annotator1', 'ANNOTATOR', 'Ann Annotator'], ['annotator2', 'ANNOTATOR', 'Ben Annotator'], ['annotator3', 'ANNOTATOR', 'Cem Annotator'],
  ] as const) {
    const u = await createUser(null, { email: `${key}@demo.rewardlab`, name, role, password: DEMO_PASSWORD })
    users[key] = { id: u.id, role: u.role, name: u.name, email: u.email }
  }
  const researcher = users.researcher
  const project = await createProject(researcher, {
    name: 'Demo: harmlessness and instruction following',
    description: 'HH-RLHF harmless test pairs (Anthropic) and the PandaLM test set with its three human labels per pair.',
    guidelines: GUIDELINES,
    overlap: 2,
  })
  await setProjectMembers(researcher, project.id, [users.annotator1.id, users.annotator2.id, users.annotator3.id])
  const files = [
    { format: 'HH_RLHF', file: 'hh-rlhf-harmless/test.jsonl.gz' },
    { format: 'PANDALM', file: 'pandalm/testset-v1.json' },
    { format: 'PANDALM_JUDGE', file: 'pandalm/judge-gpt-3.5-turbo-testset-v1.json', judgeName: 'gpt-3.5-turbo' },
  ] as const
  for (const f of files) {
    const t0 = performance.now()
    const imp = await importLocalFile(researcher, {
      projectId: project.id, format: f.format, mode: 'SKIP_INVALID', filePath: path.join(data, f.file),
      judgeName: 'judgeName' in f ? f.judgeName : undefined,
    })
    console.log(`seed: imported ${f.file}: ${imp.pairsCreated} pairs, ${imp.labelsCreated} labels, ${imp.invalidLines} invalid lines (${Math.round(performance.now() - t0)} ms)`)
  }
  console.log('seed: demo project ready')
}

main().then(() => db.$disconnect()).catch(async (e) => {
  console.error(e)
  await db.$disconnect()
  process.exit(1)
})
