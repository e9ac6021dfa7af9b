// Checks an email + password pair; returns the active user or null (never says which part was wrong).
// An unknown or deactivated email still costs one argon2 verification, so response times do not
// tell an attacker which emails have accounts.
import { db } from '../../db/client.ts'
import { hashPassword, verifyPassword } from '../../auth/password.ts'

let dummyHash: Promise<string> | null = null

export async function authenticateUser(email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } })
  if (!user || !user.active) {
    await verifyPassword(await (dummyHash ??= hashPassword('rewardlab: no such account')), password)
    return null
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null
}
