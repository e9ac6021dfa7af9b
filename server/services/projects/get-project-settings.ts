// A project's settings as the settings page edits them, every one (the gold settings included,
// which annotators never see): staff only, so the page needs no fallbacks for hidden fields.
import { db } from '../../db/client.ts'
import { assertStaff, type Actor } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'

export async function getProjectSettings(actor: Actor, projectId: string) {
  assertStaff(actor, 'Project settings are for researchers and admins')
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: {
      id: true, name: true, description: true, guidelines: true, overlap: true, minHumanLabels: true,
      importedLabelsCountTowardOverlap: true, allowLabelRevision: true, goldRate: true, goldThreshold: true, goldMinAnswers: true,
    },
  })
  if (!project) throw notFound('Project')
  return project
}
