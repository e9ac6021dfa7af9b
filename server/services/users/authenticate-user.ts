// Checks an email + password pair; returns the active user or null (never says which part was wrong).
import { db } from '../../db/client.ts'
import { verifyPassword } from '../../auth/password.ts'

export async function authenticateUser(email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } })
  if (!user || !user.active) return null
  return (await verifyPassword(user.passwordHash, password)) ? user : null
}
