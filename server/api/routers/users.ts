// Users and roles: admins manage accounts; every signed-in user may read and re-key their own.
import { z } from 'zod'
import { adminProcedure, createTRPCRouter, memberProcedure } from '../trpc.ts'
import { listUsers } from '../../services/users/list-users.ts'
import { createUser, newUserSchema, passwordSchema } from '../../services/users/create-user.ts'
import { updateUser, userPatchSchema } from '../../services/users/update-user.ts'
import { resetPassword } from '../../services/users/reset-password.ts'
import { setUserProjects } from '../../services/users/set-user-projects.ts'
import { getMe } from '../../services/users/get-me.ts'
import { changeOwnPassword } from '../../services/users/change-own-password.ts'

const id = z.string().min(1).max(64)

export const usersRouter = createTRPCRouter({
  list: adminProcedure.query(() => listUsers()),
  create: adminProcedure.input(newUserSchema).mutation(({ ctx, input }) => createUser(ctx.actor.id, input)),
  update: adminProcedure
    .input(z.object({ userId: id, patch: userPatchSchema }))
    .mutation(({ ctx, input }) => updateUser(ctx.actor, input.userId, input.patch)),
  resetPassword: adminProcedure
    .input(z.object({ userId: id, password: passwordSchema }))
    .mutation(({ ctx, input }) => resetPassword(ctx.actor, input.userId, input.password)),
  setProjects: adminProcedure
    .input(z.object({ userId: id, projectIds: z.array(id).max(1000) }))
    .mutation(({ ctx, input }) => setUserProjects(ctx.actor, input.userId, input.projectIds)),
  me: memberProcedure.query(({ ctx }) => getMe(ctx.actor)),
  changeOwnPassword: memberProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema }))
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.actor, input.currentPassword, input.newPassword, { address: ctx.clientAddress })),
})
