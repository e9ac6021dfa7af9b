// Projects: list, read, read and change settings, create, choose the annotators.
import { z } from 'zod'
import { createTRPCRouter, memberProcedure, researcherProcedure } from '../trpc.ts'
import { listProjects } from '../../services/projects/list-projects.ts'
import { getProject } from '../../services/projects/get-project.ts'
import { getProjectSettings } from '../../services/projects/get-project-settings.ts'
import { createProject, projectSettingsSchema } from '../../services/projects/create-project.ts'
import { updateProject } from '../../services/projects/update-project.ts'
import { listProjectMembers } from '../../services/projects/list-project-members.ts'
import { setProjectMembers } from '../../services/projects/set-project-members.ts'

const id = z.string().min(1).max(64)
// A patch must not carry the create schema's defaults: zod 4 applies them inside .partial(), so
// `{ name }` alone would reset description, guidelines and overlap.
const s = projectSettingsSchema.shape
const projectPatchSchema = z.object({
  name: s.name.optional(),
  description: s.description.unwrap().optional(),
  guidelines: s.guidelines.unwrap().optional(),
  overlap: s.overlap.unwrap().optional(),
  minHumanLabels: s.minHumanLabels.unwrap().optional(),
  importedLabelsCountTowardOverlap: s.importedLabelsCountTowardOverlap.unwrap().optional(),
  allowLabelRevision: s.allowLabelRevision.unwrap().optional(),
  goldRate: s.goldRate.unwrap().optional(),
  goldThreshold: s.goldThreshold.unwrap().optional(),
  goldMinAnswers: s.goldMinAnswers.unwrap().optional(),
})

export const projectsRouter = createTRPCRouter({
  list: memberProcedure.query(({ ctx }) => listProjects(ctx.actor)),
  get: memberProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => getProject(ctx.actor, input.projectId)),
  settings: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => getProjectSettings(ctx.actor, input.projectId)),
  create: researcherProcedure.input(projectSettingsSchema).mutation(({ ctx, input }) => createProject(ctx.actor, input)),
  update: researcherProcedure
    .input(z.object({ projectId: id, patch: projectPatchSchema }))
    .mutation(({ ctx, input }) => updateProject(ctx.actor, input.projectId, input.patch)),
  members: researcherProcedure.input(z.object({ projectId: id })).query(({ input }) => listProjectMembers(input.projectId)),
  setMembers: researcherProcedure
    .input(z.object({ projectId: id, userIds: z.array(id).max(10_000) }))
    .mutation(({ ctx, input }) => setProjectMembers(ctx.actor, input.projectId, input.userIds)),
})
