// Server keys for judges (server/judge/key-refs.ts) over a given environment: only
// REWARDLAB_JUDGE_KEY_<NAME> can be named, each is sent only to the origin its _URL binds it to, and
// the listing offered to researchers has names and origins, never values.
import { describe, expect, test } from 'vitest'
import { keyRefName, KeyRefError, listKeyRefs, resolveKeyRef } from '@/server/judge/key-refs'

const env = {
  AUTH_SECRET: 'auth-secret-value',
  DATABASE_URL: 'postgresql://app:pw@db/app',
  REWARDLAB_JUDGE_KEY_OPENAI: 'sk-openai-value',
  REWARDLAB_JUDGE_KEY_OPENAI_URL: 'https://api.openai.com/v1',
  REWARDLAB_JUDGE_KEY_UNBOUND: 'sk-unbound-value',
  REWARDLAB_JUDGE_KEY_LOCAL: 'sk-local-value',
  REWARDLAB_JUDGE_KEY_LOCAL_URL: 'http://127.0.0.1:8000',
  REWARDLAB_JUDGE_KEY_BADURL: 'sk-bad',
  REWARDLAB_JUDGE_KEY_BADURL_URL: 'not a url',
}

describe('server keys', () => {
  test('the listing: bound keys only, by name and origin, never a value', () => {
    const refs = listKeyRefs(env)
    expect(refs).toEqual([{ name: 'LOCAL', origin: 'http://127.0.0.1:8000' }, { name: 'OPENAI', origin: 'https://api.openai.com' }])
    expect(JSON.stringify(refs)).not.toMatch(/sk-|secret|pw@/)
  })
  test('a key is resolved by its name or its full variable name, for its own origin (any path)', () => {
    expect(resolveKeyRef('OPENAI', 'https://api.openai.com/v1', env)).toBe('sk-openai-value')
    expect(resolveKeyRef('REWARDLAB_JUDGE_KEY_OPENAI', 'https://api.openai.com/other', env)).toBe('sk-openai-value')
    expect(resolveKeyRef('LOCAL', 'http://127.0.0.1:8000/v1', env)).toBe('sk-local-value')
    expect(keyRefName('REWARDLAB_JUDGE_KEY_OPENAI')).toBe('OPENAI')
  })
  test('no other variable can be named, and a key goes nowhere but its bound origin', () => {
    const refused = (ref: string, url: string) => {
      try {
        resolveKeyRef(ref, url, env)
        return 'resolved'
      } catch (e) {
        expect(e).toBeInstanceOf(KeyRefError)
        expect((e as Error).message).not.toMatch(/sk-|auth-secret-value|pw@/)
        return (e as Error).message
      }
    }
    expect(refused('AUTH_SECRET', 'https://evil.example/v1')).toMatch(/there is no server key AUTH_SECRET/)
    expect(refused('DATABASE_URL', 'https://evil.example/v1')).toMatch(/no server key/)
    expect(refused('../AUTH_SECRET', 'https://evil.example/v1')).toMatch(/not a server key name/)
    expect(refused('openai', 'https://api.openai.com/v1')).toMatch(/not a server key name/)
    expect(refused('OPENAI', 'https://evil.example/v1')).toBe('the server key OPENAI may be sent only to https://api.openai.com, not to https://evil.example')
    expect(refused('OPENAI', 'http://api.openai.com/v1')).toMatch(/only to https:\/\/api\.openai\.com/) // another scheme is another origin
    expect(refused('LOCAL', 'http://127.0.0.1:8001/v1')).toMatch(/only to http:\/\/127\.0\.0\.1:8000/) // and another port
    expect(refused('UNBOUND', 'https://api.openai.com/v1')).toMatch(/not bound to an endpoint/)
    expect(refused('BADURL', 'https://api.openai.com/v1')).toMatch(/not bound to an endpoint/)
    expect(refused('OPENAI_URL', 'https://api.openai.com/v1')).toMatch(/no server key/) // a binding is not a key
  })
})
