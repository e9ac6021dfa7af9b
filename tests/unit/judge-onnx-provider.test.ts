// The local ONNX judge end to end: a tiny random GPT (the built-in architecture, 64 positions) saved as an HF
// folder, exported by the trainer's `export-lm` command, then run by createOnnxProvider. PyTorch's own numbers
// for the same prompt are the reference: the first token's log-probabilities and the greedy continuation must
// match them. One Python process does all three (importing torch + transformers costs ~7 s per process).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOnnxProvider, renderPrompt, type OnnxProvider } from '@/server/judge/onnx-provider.ts'
import type { ChatMessage } from '@/server/judge/provider.ts'
import { repoRoot } from '@/server/lib/paths.ts'
import { pythonPath, type TrainerEvent } from '@/workers/trainer-process.ts'

// The prompt is longer than the 64-token context, so the provider must keep its end.
const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are an expert rater of helpful and harmless assistant responses. '.repeat(4) },
  { role: 'user', content: 'Human: how do I water a cactus?\n\nResponse 1: Rarely, and let the soil dry out.\n\nResponse 2: Every hour.\n\nPreferred Response=' },
]
const GREEDY_STEPS = 8

// Builds the LM folder; for the prompt (tokenized, left-truncated to 64 tokens) writes PyTorch's first-position
// log-softmax for some tokens, its top-3 and the greedy continuation; then runs the command as
// \`python -m rewardlab_trainer export-lm --config <file>\` would (same main(), JSON-lines events on stdout).
const SCRIPT = `
import json, sys, torch
from pathlib import Path
from rewardlab_trainer.config import GPTSize
from rewardlab_trainer.models import builtin_lm
from rewardlab_trainer.tokenizer import build_gpt2_tokenizer, save_tokenizer
out = Path(sys.argv[1]); prompt = sys.argv[2]; steps = int(sys.argv[3])
torch.manual_seed(0)
tok = build_gpt2_tokenizer()
lm = builtin_lm(GPTSize(n_layer=2, n_head=2, n_embd=24, n_positions=64), len(tok), tok.eos_token_id).eval()
lm.save_pretrained(str(out / "lm")); save_tokenizer(tok, out / "lm")
window = tok(prompt)["input_ids"][-64:]
ref = {"promptTokens": len(window), "greedyIds": []}
with torch.no_grad():
    for step in range(steps):
        lp = torch.log_softmax(lm(input_ids=torch.tensor([window])).logits[0, -1].double(), -1)
        if step == 0:
            ref["logprobs"] = {t: lp[tok(t)["input_ids"][0]].item() for t in ("1", "2", " 1", " 2", "10")}
            ref["top3"] = [tok.decode([i]) for i in lp.topk(3).indices.tolist()]
        nxt = int(lp.argmax())
        ref["greedyIds"].append(nxt)
        window = (window + [nxt])[-64:]
ref["greedyText"] = tok.decode(ref["greedyIds"], skip_special_tokens=True)
(out / "reference.json").write_text(json.dumps(ref))
from rewardlab_trainer.__main__ import main
sys.exit(main(["export-lm", "--config", str(out / "export-lm.json")]))
`

type Reference = { promptTokens: number; logprobs: Record<string, number>; top3: string[]; greedyIds: number[]; greedyText: string }

let tmp: string
let onnxDir: string
let ref: Reference
let provider: OnnxProvider
let events: TrainerEvent[]
const ask = (maxTokens: number, topLogprobs = 0, temperature = 0) => ({ messages: MESSAGES, maxTokens, temperature, topLogprobs })

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-onnx-'))
  process.env.REWARDLAB_MODEL_ROOTS = tmp // model folders are taken only from the configured roots
  onnxDir = path.join(tmp, 'onnx')
  const config = { threads: 2, 'lm_export.model_dir': path.join(tmp, 'lm'), 'lm_export.out_dir': onnxDir }
  fs.writeFileSync(path.join(tmp, 'export-lm.json'), JSON.stringify(config))
  const trainerDir = path.join(repoRoot(), 'workers', 'trainer')
  const { stdout } = await promisify(execFile)(pythonPath(), ['-c', SCRIPT, tmp, renderPrompt(MESSAGES), String(GREEDY_STEPS)],
    { cwd: trainerDir, env: { ...process.env, PYTHONPATH: trainerDir } })
  events = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
  ref = JSON.parse(fs.readFileSync(path.join(tmp, 'reference.json'), 'utf8'))
  provider = createOnnxProvider({ modelDir: onnxDir })
}, 120_000)

afterAll(async () => {
  await provider?.close?.()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('ONNX judge provider', () => {
  test('export-lm reports parity and writes the manifest', () => {
    const parity = events.find((e) => e.type === 'metric' && e.name === 'export/parity_max_abs_diff')
    expect(parity?.type === 'metric' && parity.value).toBeLessThan(1e-4)
    const manifest = JSON.parse(fs.readFileSync(path.join(onnxDir, 'rewardlab-lm.json'), 'utf8'))
    expect(manifest).toMatchObject({ kind: 'causal-lm', context_length: 64, vocab_size: 50257, eos_token_id: 50256 })
  })

  test('first-token log-probabilities equal PyTorch, "1"/"2" included beyond the top-k', async () => {
    const res = await provider.complete(ask(1, 3))
    const lp = res.firstTokenLogprobs!
    expect(ref.top3.includes('1') && ref.top3.includes('2')).toBe(false) // so the digits come from beyond the top-k
    for (const [token, expected] of Object.entries(ref.logprobs)) expect(Math.abs(lp[token] - expected)).toBeLessThan(1e-4)
    for (const token of ref.top3) expect(lp).toHaveProperty([token])
    expect(res.promptTokens).toBe(64) // left-truncated to the context, the ending kept (see the reference)
    expect((await provider.complete(ask(1, 0))).firstTokenLogprobs).toBeNull()
  })

  test('greedy text is PyTorch\'s greedy text, deterministic, and maxTokens is respected', async () => {
    const a = await provider.complete(ask(GREEDY_STEPS))
    const b = await provider.complete(ask(GREEDY_STEPS))
    expect(a.text).toBe(ref.greedyText)
    expect(b).toEqual(a)
    expect(a.completionTokens).toBe(GREEDY_STEPS) // the sliding window goes past 64 tokens without an EOS here
    const short = await provider.complete(ask(3))
    expect(short.completionTokens).toBe(3)
    expect(a.text.startsWith(short.text)).toBe(true)
    const none = await provider.complete(ask(0, 2))
    expect(none).toMatchObject({ text: '', completionTokens: 0 })
    expect(none.firstTokenLogprobs).not.toBeNull()
    const sampled = await provider.complete(ask(4, 0, 1.0))
    expect(sampled.completionTokens).toBeLessThanOrEqual(4)
  })

  test('abort rejects promptly and frees the thread', async () => {
    const ctl = new AbortController()
    const long = provider.complete(ask(1_000_000), ctl.signal) // hours of tokens if it were not stopped
    setTimeout(() => ctl.abort(new Error('stop')), 100) // when it lands does not matter: only the abort can end this in time
    await expect(long).rejects.toThrow('stop')
    const after = await provider.complete(ask(2)) // answered only if the thread left the long request
    expect(after.completionTokens).toBe(2)
    await expect(provider.complete(ask(2), AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
  }, 30_000)

  test('refuses folders that are not local exported models, with a clear error', () => {
    expect(() => createOnnxProvider({ modelDir: path.join(tmp, 'missing') })).toThrow(/is not a local directory/)
    expect(() => createOnnxProvider({ modelDir: 'https://example.com/model' })).toThrow(/is a URL/)
    expect(() => createOnnxProvider({ modelDir: path.join(tmp, 'lm') })).toThrow(/has no model\.onnx/)
    fs.writeFileSync(path.join(tmp, 'file'), '')
    expect(() => createOnnxProvider({ modelDir: path.join(tmp, 'file') })).toThrow(/is not a local directory/)
    const rm = path.join(tmp, 'rm')
    fs.mkdirSync(rm)
    fs.writeFileSync(path.join(rm, 'model.onnx'), '')
    expect(() => createOnnxProvider({ modelDir: rm })).toThrow(/has no tokenizer\.json/)
    fs.writeFileSync(path.join(rm, 'tokenizer.json'), '{}')
    fs.writeFileSync(path.join(rm, 'rewardlab-rm.json'), '{}')
    expect(() => createOnnxProvider({ modelDir: rm })).toThrow(/is a reward model/)
  })

  test('renders messages as running text joined by blank lines', () => {
    expect(renderPrompt([{ role: 'system', content: 'a' }, { role: 'user', content: '' }, { role: 'user', content: 'b=' }])).toBe('a\n\nb=')
  })
})
