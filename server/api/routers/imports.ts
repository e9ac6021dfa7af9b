// Imports: history, one import (polled while it runs), the formats for the upload form, and a format
// guess from a file's first bytes. Uploads themselves are a route handler
// (app/api/projects/[projectId]/imports), because the file is the raw request body.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { listImports } from '../../services/imports/list-imports.ts'
import { getImport } from '../../services/imports/get-import.ts'
import { listImportFormats } from '../../services/imports/list-import-formats.ts'
import { sniffImportFormat } from '../../services/imports/sniff-import-format.ts'

const id = z.string().min(1).max(64)

export const importsRouter = createTRPCRouter({
  list: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listImports(ctx.actor, input.projectId)),
  get: researcherProcedure.input(z.object({ importId: id })).query(({ ctx, input }) => getImport(ctx.actor, input.importId)),
  formats: researcherProcedure.query(() => listImportFormats()),
  sniff: researcherProcedure.input(z.object({ sample: z.string().max(16_384) })).query(({ input }) => sniffImportFormat(input.sample)),
})
