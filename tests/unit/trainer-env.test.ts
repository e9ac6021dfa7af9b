// The trainer's environment is the worker's without its secrets: judge keys (server keys named by a
// judge's apiKeyRef), what decrypts stored keys, the database URL and any *_API_KEY never reach Python.
import { expect, test } from 'vitest'
import { trainerEnv } from '@/workers/trainer-process.ts'

test('the worker\'s secrets are left out of the trainer\'s environment, everything else is kept', () => {
  const env = {
    PATH: '/usr/bin', HOME: '/root', REWARDLAB_PYTHON: '/venv/bin/python', REWARDLAB_TRAIN_PROCESSES: '2', CUDA_VISIBLE_DEVICES: '0',
    REWARDLAB_JUDGE_KEY_OPENAI: 'sk-1', REWARDLAB_JUDGE_KEY_OPENAI_URL: 'https://api.openai.com', AUTH_SECRET: 'a', NEXTAUTH_SECRET: 'n',
    DATABASE_URL: 'postgresql://u:p@h/db', OPENAI_API_KEY: 'sk-2',
  }
  expect(trainerEnv(env)).toEqual({ PATH: '/usr/bin', HOME: '/root', REWARDLAB_PYTHON: '/venv/bin/python', REWARDLAB_TRAIN_PROCESSES: '2', CUDA_VISIBLE_DEVICES: '0' })
})
