// The compare page's pure rules on hand cases: the label-source tag of a run (RLHF, RLAIF, SER,
// d-RLAIF, SFT, mixed, unknown), the configuration diff, the alignment of samples by prompt, and the
// CSV export (quoting, the formula guard, one row per fact).
import { describe, expect, test } from 'vitest'
import { comparisonCsv, csvCell, type ComparisonForCsv } from '@/server/lib/comparison-csv.ts'
import { diffConfigs, flattenConfig } from '@/server/lib/config-diff.ts'
import { runTag } from '@/server/lib/run-tag.ts'
import { alignRunSamples } from '@/server/services/compare/align-run-samples.ts'

const ppo = (rewardModelConfig: unknown, rewardMode = 'plain') => runTag({ kind: 'PPO', config: { rewardMode }, rewardModelConfig }).tag

describe('runTag', () => {
  test('SFT runs are SFT whatever their config', () => {
    expect(runTag({ kind: 'SFT', config: { source: 'AI' }, rewardModelConfig: null }).tag).toBe('SFT')
  })
  test('the reward model\'s label sources decide a PPO run\'s tag', () => {
    expect(ppo({ sources: ['HUMAN'] })).toBe('RLHF')
    expect(ppo({ sources: ['HUMAN'], humanShare: 0.15 })).toBe('RLHF') // an SER seed: human labels only
    expect(ppo({ sources: ['AI'] })).toBe('RLAIF')
    expect(ppo({ sources: ['HUMAN', 'SELF'], serRunId: 'ser1' })).toBe('SER') // an SER round's model
    expect(ppo({ sources: ['HUMAN'], serRunId: 'ser1' })).toBe('SER')
    expect(ppo({ sources: ['SELF'] })).toBe('SER')
    expect(ppo({ sources: ['HUMAN', 'AI'] })).toBe('mixed')
    expect(ppo({ sources: ['HUMAN'] }, 'contrastive')).toBe('RLHF')
  })
  test('d-RLAIF is the reward mode, with or without a reward model', () => {
    expect(ppo(null, 'drlaif')).toBe('d-RLAIF')
    expect(ppo({ sources: ['HUMAN'] }, 'drlaif')).toBe('d-RLAIF')
    expect(runTag({ kind: 'PPO', config: { trainer: { 'ppo.reward_mode': 'drlaif' } }, rewardModelConfig: null }).tag).toBe('d-RLAIF')
  })
  test('tolerant of old or odd rows', () => {
    expect(ppo({})).toBe('RLHF') // before sources were recorded, human labels were the only kind
    expect(ppo({ sources: [] })).toBe('unknown')
    expect(ppo(null)).toBe('unknown')
    expect(runTag({ kind: 'PPO', config: null, rewardModelConfig: { sources: ['AI'] } }).tag).toBe('RLAIF')
  })
})

describe('config diff', () => {
  test('flattens nested objects to dotted keys; arrays stay one value', () => {
    expect(flattenConfig({ k: 4, split: { seed: 1, evalShare: 0.1 }, trainer: { 'ppo.learning_rate': 1e-5 }, sources: ['HUMAN', 'AI'], x: null }))
      .toEqual({ k: 4, 'split.seed': 1, 'split.evalShare': 0.1, 'trainer.ppo.learning_rate': 1e-5, sources: '["HUMAN","AI"]', x: null })
  })
  test('one row per key, sorted; a missing key differs from a value, equal values do not', () => {
    const rows = diffConfigs([{ a: 1, b: 'x', c: true }, { a: 1, b: 'y' }, { a: 1, b: 'x', c: true }])
    expect(rows).toEqual([
      { key: 'a', values: [1, 1, 1], differs: false },
      { key: 'b', values: ['x', 'y', 'x'], differs: true },
      { key: 'c', values: [true, undefined, true], differs: true },
    ])
    expect(diffConfigs([{ n: 1 }, { n: '1' }])[0].differs).toBe(true) // a number is not its text
  })
})

describe('alignRunSamples', () => {
  const step = (n: number, rows: [id: string, completion: string, score?: number][]) => ({ step: n, samples: rows.map(([id, completion, score]) => ({ id, prompt: `prompt ${id}`, completion, score, eos: true })) })
  const sft = { id: 'sft1', name: 'sft' }
  test('rows by prompt id; the step-0 column once per SFT policy; each run\'s last step with its own step-0 score', () => {
    const out = alignRunSamples([
      { id: 'a', kind: 'PPO', parent: sft, steps: [step(0, [['p1', 'hi', 0.1], ['p2', 'yo', -0.2]]), step(20, [['p1', 'hello', 0.5], ['p2', 'hey', 0.3]])] },
      { id: 'b', kind: 'PPO', parent: sft, steps: [step(0, [['p2', 'yo', 1.0], ['p1', 'hi', 2.0]]), step(10, [['p2', 'sup', 1.5]])] },
    ])
    expect(out.startColumns).toEqual([{ parentId: 'sft1', parentName: 'sft', step: 0, fromRunId: 'a' }])
    expect(out.lastSteps).toEqual([20, 10])
    expect(out.rows.map((r) => [r.promptId, r.start])).toEqual([['p1', ['hi']], ['p2', ['yo']]])
    expect(out.rows[0].cells).toEqual([{ step: 20, completion: 'hello', score: 0.5, eos: true, startScore: 0.1 }, null])
    expect(out.rows[1].cells[1]).toEqual({ step: 10, completion: 'sup', score: 1.5, eos: true, startScore: 1.0 })
  })
  test('an SFT run shows its last step and adds no step-0 column; a run with no samples has empty cells', () => {
    const out = alignRunSamples([
      { id: 's', kind: 'SFT', parent: null, steps: [step(3, [['p1', 'x']]), step(6, [['p1', 'y']])] },
      { id: 'n', kind: 'PPO', parent: sft, steps: [] },
    ])
    expect(out.startColumns).toEqual([])
    expect(out.lastSteps).toEqual([6, null])
    expect(out.rows).toEqual([{ key: 'id:p1', promptId: 'p1', prompt: 'prompt p1', start: [], cells: [{ step: 6, completion: 'y', score: null, eos: true, startScore: null }, null] }])
  })
})

describe('CSV export', () => {
  test('cells: quotes, doubled quotes, the formula guard on text only', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"\nnow')).toBe('"say ""hi""\nnow"')
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvCell('-1')).toBe("'-1")
    expect(csvCell(-1.5)).toBe('-1.5')
    expect(csvCell(null)).toBe('')
    expect(csvCell(false)).toBe('false')
  })
  test('one row per fact, in sections', () => {
    const c: ComparisonForCsv = {
      runs: [{ id: 'r1', name: 'ppo a', tag: 'RLHF', kind: 'PPO', status: 'SUCCEEDED', rewardMode: 'plain', parent: { name: 'sft' }, rewardModel: { name: 'rm h' } }],
      curves: [{ metric: 'objective/kl', series: [{ runId: 'r1', points: [[1, 0.5], [2, 0.25]] }] }],
      config: [{ key: 'k', values: [4], differs: false, defaulted: [false] }],
      samples: { startColumns: [{ parentId: 's1', parentName: 'sft', step: 0 }], rows: [{ key: 'id:p', promptId: 'p', prompt: 'Q?', start: ['a0'], cells: [{ step: 2, completion: 'a, 2', score: 0.75 }] }] },
    }
    expect(comparisonCsv(c).split('\r\n')).toEqual([
      'section,run_id,run_name,tag,key,step,value,score,prompt,note',
      'run,r1,ppo a,RLHF,kind,,PPO,,,',
      'run,r1,ppo a,RLHF,status,,SUCCEEDED,,,',
      'run,r1,ppo a,RLHF,reward_mode,,plain,,,',
      'run,r1,ppo a,RLHF,sft_policy,,sft,,,',
      'run,r1,ppo a,RLHF,reward_model,,rm h,,,',
      'metric,r1,ppo a,RLHF,objective/kl,1,0.5,,,',
      'metric,r1,ppo a,RLHF,objective/kl,2,0.25,,,',
      'config,r1,ppo a,RLHF,k,,4,,,same',
      'sample,s1,sft,SFT,p,0,a0,,Q?,',
      'sample,r1,ppo a,RLHF,p,2,"a, 2",0.75,Q?,',
      '',
    ])
  })
  test('an evaluation adds each run\'s win rate over the other (from both sides), harmless rate and length', () => {
    const run = (id: string, name: string, tag: string) => ({ id, name, tag, kind: 'PPO', status: 'SUCCEEDED', rewardMode: 'plain', parent: null, rewardModel: null })
    const c: ComparisonForCsv = {
      runs: [run('r1', 'ppo h', 'RLHF'), run('r2', 'ppo a', 'RLAIF')], curves: [], config: [], samples: { startColumns: [], rows: [] },
      evaluations: [{
        name: 'e1', matrix: [{ source: 'JUDGE', policyAId: 'r1', policyBId: 'r2', n: 10, wins: 6, losses: 2, ties: 2, winRate: 0.7, low: 0.4, high: 0.9 }],
        policies: [{ policyId: 'r1', meanTokens: 12.5, harmless: { rate: 0.75, low: 0.5, high: 0.9, n: 8 } }, { policyId: 'r2', meanTokens: 20, harmless: null }],
      }],
    }
    expect(comparisonCsv(c).split('\r\n').slice(-6)).toEqual([
      'win_rate,r1,ppo h,RLHF,JUDGE vs ppo a,,0.7,,,"e1; n 10, wins 6, losses 2, ties 2; 95% 0.4000-0.9000"',
      'win_rate,r2,ppo a,RLAIF,JUDGE vs ppo h,,0.3,,,"e1; n 10, wins 2, losses 6, ties 2; 95% 0.1000-0.6000"',
      'harmless_rate,r1,ppo h,RLHF,e1,,0.75,,,n 8; 95% 0.5000-0.9000',
      'eval_length,r1,ppo h,RLHF,e1,,12.5,,,mean response tokens',
      'eval_length,r2,ppo a,RLAIF,e1,,20,,,mean response tokens',
      '',
    ])
  })
})
