// Annotation queue: the annotator's current item, and label / skip / undo, each of which answers
// with the next item so the page needs one request per action; the annotator's own history (and
// revising a label in it) and flags on a pair. Services check project membership.
import { z } from 'zod'
import { createTRPCRouter, memberProcedure } from '../trpc.ts'
import { getNextItem } from '../../services/annotation/get-next-item.ts'
import { getMyProgress } from '../../services/annotation/get-my-progress.ts'
import { submitLabel, submitLabelSchema } from '../../services/annotation/submit-label.ts'
import { skipItem, skipItemSchema } from '../../services/annotation/skip-item.ts'
import { undoLastLabel } from '../../services/annotation/undo-last-label.ts'
import { listMyLabels, listMyLabelsSchema } from '../../services/annotation/list-my-labels.ts'
import { reviseLabel, reviseLabelSchema } from '../../services/annotation/revise-label.ts'
import { flagPair, flagPairSchema } from '../../services/annotation/flag-pair.ts'

const project = z.object({ projectId: z.string().min(1).max(64) })

export const annotationRouter = createTRPCRouter({
  next: memberProcedure.input(project).query(({ ctx, input }) => getNextItem(ctx.actor, input.projectId)),
  progress: memberProcedure.input(project).query(({ ctx, input }) => getMyProgress(ctx.actor, input.projectId)),
  submit: memberProcedure.input(submitLabelSchema).mutation(({ ctx, input }) => submitLabel(ctx.actor, input)),
  skip: memberProcedure.input(skipItemSchema).mutation(({ ctx, input }) => skipItem(ctx.actor, input)),
  undo: memberProcedure.input(project).mutation(({ ctx, input }) => undoLastLabel(ctx.actor, input.projectId)),
  history: memberProcedure.input(listMyLabelsSchema).query(({ ctx, input }) => listMyLabels(ctx.actor, input)),
  revise: memberProcedure.input(reviseLabelSchema).mutation(({ ctx, input }) => reviseLabel(ctx.actor, input)),
  flag: memberProcedure.input(flagPairSchema).mutation(({ ctx, input }) => flagPair(ctx.actor, input)),
})
