// The data explorer (staff only): pages of a project's pairs under a filter, one pair in full, gold
// answers, saved filters and resolving annotators' flags. Exports of a filtered set are the export
// route (a filter parameter); judge runs over one are judges.startRun with scope PAIRS.
import { z } from 'zod'
import { createTRPCRouter, researcherProcedure } from '../trpc.ts'
import { listPairs, listPairsSchema } from '../../services/data/list-pairs.ts'
import { getPairDetail } from '../../services/data/get-pair-detail.ts'
import { setPairGold, setPairGoldSchema } from '../../services/data/set-pair-gold.ts'
import { saveFilter, saveFilterSchema } from '../../services/data/save-filter.ts'
import { listSavedFilters } from '../../services/data/list-saved-filters.ts'
import { deleteSavedFilter } from '../../services/data/delete-saved-filter.ts'
import { resolvePairFlag } from '../../services/data/resolve-pair-flag.ts'

const id = z.string().min(1).max(64)

export const dataRouter = createTRPCRouter({
  pairs: researcherProcedure.input(listPairsSchema).query(({ ctx, input }) => listPairs(ctx.actor, input)),
  pair: researcherProcedure.input(z.object({ pairId: id })).query(({ ctx, input }) => getPairDetail(ctx.actor, input.pairId)),
  setGold: researcherProcedure.input(setPairGoldSchema).mutation(({ ctx, input }) => setPairGold(ctx.actor, input)),
  savedFilters: researcherProcedure.input(z.object({ projectId: id })).query(({ ctx, input }) => listSavedFilters(ctx.actor, input.projectId)),
  saveFilter: researcherProcedure.input(saveFilterSchema).mutation(({ ctx, input }) => saveFilter(ctx.actor, input)),
  deleteFilter: researcherProcedure.input(z.object({ filterId: id })).mutation(({ ctx, input }) => deleteSavedFilter(ctx.actor, input.filterId)),
  resolveFlag: researcherProcedure.input(z.object({ flagId: id })).mutation(({ ctx, input }) => resolvePairFlag(ctx.actor, input.flagId)),
})
