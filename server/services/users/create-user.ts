// Creates an account (admins; the seed script as the system). Emails are unique, case-insensitive.
import { z } from 'zod'
import { db, Prisma } from '../../db/client.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../auth/password.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'

/** A new password: the same rule for accounts, resets and self-service changes. */
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024)

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().min(1).max(120),
  password: passwordSchema,
  role: z.enum(['ANNOTATOR', 'RESEARCHER', 'ADMIN']),
})
export type NewUser = z.infer<typeof newUserSchema>

/** actorId null = the system (seed, CLI). */
export async function createUser(actorId: string | null, input: NewUser) {
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: { id: true, email: true, name: true, role: true, active: true, createdAt: true },
      })
      await recordAudit(tx, { userId: actorId, action: 'user.create', entityType: 'User', entityId: user.id, detail: { email: user.email, role: user.role } })
      return user
    })
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new ServiceError('CONFLICT', `A user with email ${input.email} already exists`)
    }
    throw e
  }
}
