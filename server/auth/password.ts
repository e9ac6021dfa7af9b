// Password hashing (argon2id, the library's OWASP-recommended defaults).
import { hash, verify } from '@node-rs/argon2'

export const MIN_PASSWORD_LENGTH = 8

export function hashPassword(plain: string): Promise<string> {
  return hash(plain)
}

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain)
  } catch {
    return false // a malformed stored hash is a failed sign-in, not a crash
  }
}
