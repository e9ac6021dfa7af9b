// Projects: list, read, create, change settings.
import { z } from 'zod'
import { createTRPCRouter, memberProcedure, researcherProcedure } from '../trpc.ts'
import { listProjects } from '../../services/projects/list-projects.ts'
import { getProject } from '../../services/projects/get-project.ts'
import { createProject, projectSettingsSchema } from '../../services/projects/create-project.ts'
import { updateProject } from '../../services/projects/update-project.ts'

const id = z.string().min(1).max(64)

export const projectsRouter = createTRPCRouter({
  list: memberProcedure.query(({ ctx }) => listProjects(ctx.actor)),
  get: memberProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => getProject(ctx.actor, input.projectId)),
  create: researcherProcedure.input(projectSettingsSchema).mutation(({ ctx, input }) => createProject(ctx.actor, input)),
  update: researcherProcedure
    .input(z.object({ projectId: id, patch: projectSettingsSchema.partial() }))
    .mutation(({ ctx, input }) => updateProject(ctx.actor, input.projectId, input.patch)),
})
