// The first n PandaLM test-set items and GPT-3.5-turbo's verdicts on them, written as the files the
// project ships (data/datasets/pandalm), for tests that import PandaLM without its 999 pairs.
import fs from 'node:fs'
import path from 'node:path'

const DATA = path.resolve('data/datasets/pandalm')

export function writePandalmSubset(dir: string, n: number) {
  fs.mkdirSync(dir, { recursive: true })
  const items = (JSON.parse(fs.readFileSync(path.join(DATA, 'testset-v1.json'), 'utf8')) as { idx: number }[]).slice(0, n)
  const idx = new Set(items.map((i) => i.idx))
  const verdicts = (JSON.parse(fs.readFileSync(path.join(DATA, 'judge-gpt-3.5-turbo-testset-v1.json'), 'utf8')) as { idx: number }[]).filter((v) => idx.has(v.idx))
  const testset = path.join(dir, 'testset-v1.json')
  const judge = path.join(dir, 'judge-gpt-3.5-turbo-testset-v1.json')
  fs.writeFileSync(testset, JSON.stringify(items))
  fs.writeFileSync(judge, JSON.stringify(verdicts))
  return { testset, judge, items: items.length, verdicts: verdicts.length }
}
