// A judge run on a LOCAL causal LM: a tiny random GPT saved as a Hugging Face folder, exported to
// ONNX by the trainer's `export-lm` command (as a user would), then used by a JUDGE_RUN job through
// onnxruntime-node. A random model has no opinion; what is checked is the path: soft labels from the
// model's own "1"/"2" probabilities, both orders, verdicts stored, no network anywhere.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import { repoRoot } from '@/server/lib/paths.ts'
import { pythonPath } from '@/workers/trainer-process.ts'
import { runJob } from '@/workers/run-job.ts'
import { judgeRunTask } from '@/workers/tasks/judge-run.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

const SCRIPT = `
import sys, torch
from pathlib import Path
from rewardlab_trainer.config import GPTSize
from rewardlab_trainer.models import builtin_lm
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer
out = Path(sys.argv[1]); torch.manual_seed(0)
tok = build_gpt2_tokenizer()
lm = builtin_lm(GPTSize(n_layer=2, n_head=2, n_embd=24, n_positions=128), len(tok), tok.eos_token_id).eval()
lm.save_pretrained(str(out / "lm")); save_tokenizer(tok, out / "lm")
from rewardlab_trainer.__main__ import main
sys.exit(main(["export-lm", "--config", str(out / "export-lm.json")]))
`

let tmp: string

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-run-onnx-'))
  process.env.REWARDLAB_MODEL_ROOTS = tmp // model folders are taken only from the configured roots
  fs.writeFileSync(path.join(tmp, 'export-lm.json'), JSON.stringify({ threads: 2, 'lm_export.model_dir': path.join(tmp, 'lm'), 'lm_export.out_dir': path.join(tmp, 'onnx') }))
  const trainerDir = path.join(repoRoot(), 'workers', 'trainer')
  await promisify(execFile)(pythonPath(), ['-c', SCRIPT, tmp], { cwd: trainerDir, env: { ...process.env, PYTHONPATH: trainerDir } })
}, 120_000)

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

test('a JUDGE_RUN job labels pairs with soft labels from a local ONNX causal LM', async () => {
  const researcher = await makeUser('RESEARCHER')
  const project = await makeProject({ owner: researcher, pairs: 3 })
  const api = callerFor(researcher)
  await expect(api.judges.create({ projectId: project.id, name: 'missing', config: { provider: { kind: 'onnx', modelDir: path.join(tmp, 'nothing') } } }))
    .rejects.toThrow(/not a local directory/)
  const judge = await api.judges.create({ projectId: project.id, name: 'tiny local', config: { provider: { kind: 'onnx', modelDir: path.join(tmp, 'onnx') }, rate: { concurrency: 1 } } })
  const run = await api.judges.startRun({ judgeId: judge.id, scope: 'ALL' })
  const job = await db.job.findUniqueOrThrow({ where: { id: run.jobId } })
  await (await getBoss()).cancel(JOB_CONTRACT.JUDGE_RUN.queue, job.queueJobId!)
  await runJob('JUDGE_RUN', { jobId: run.jobId }, new AbortController().signal, judgeRunTask, { retries: false })
  expect((await db.job.findUniqueOrThrow({ where: { id: run.jobId } })).status).toBe('SUCCEEDED')
  const labels = await db.label.findMany({ where: { raterKey: `judge:${judge.id}:v1` }, include: { verdict: true } })
  expect(labels).toHaveLength(3)
  for (const l of labels) {
    expect(l.verdict!.hard).toBe(false)
    // P(A) is the average of the two orders' softmax over "1"/"2": strictly inside (0, 1).
    expect(l.probability!).toBeGreaterThan(0)
    expect(l.probability!).toBeLessThan(1)
    expect(l.probability!).toBeCloseTo((l.verdict!.p1AB! + 1 - l.verdict!.p1BA!) / 2, 9)
    expect(l.verdict!.promptTokens).toBeGreaterThan(0)
  }
  expect(await db.judgeRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ pairsDone: 3, costUsd: 0 })
}, 120_000)
