// The judges' endpoint API keys at rest: AES-256-GCM with a key derived (HKDF-SHA256) from
// AUTH_SECRET, so a database dump alone does not reveal them. Shared by the judge operations and
// the worker (which decrypts just before calling the endpoint); nothing returns a key to a browser.
import crypto from 'node:crypto'

function key(): Buffer {
  const secret = process.env.AUTH_SECRET
  if (!secret) throw new Error('AUTH_SECRET is not set: it also protects the judges\' API keys')
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'rewardlab', 'judge api key v1', 32))
}

/** "v1.<iv>.<tag>.<ciphertext>" in base64url. */
export function encryptApiKey(plain: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv)
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

export function decryptApiKey(stored: string): string {
  const [v, iv, tag, data] = stored.split('.')
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('The stored API key is unreadable: set it again')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new Error('The stored API key cannot be decrypted (AUTH_SECRET changed?): set it again')
  }
}
