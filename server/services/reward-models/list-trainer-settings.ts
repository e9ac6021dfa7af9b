// The trainer settings a researcher may change for a reward-model run, with the trainer's defaults
// and reasons (from config.py through trainer-settings.json): the train dialog's placeholders, hints
// and seed come from here, never from copies in the page.
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { trainerSetting, trainerSettings } from './trainer-settings.ts'
import settings from './trainer-settings.json' with { type: 'json' }

export function listTrainerSettings(actor: Actor) {
  assertStaff(actor, 'Training settings are for researchers and admins')
  const overridable = new Set(settings.overridable['train-rm'])
  return {
    seed: trainerSetting('seed'),
    overridable: trainerSettings().filter((s) => overridable.has(s.key)).map(({ key, type, default: value, choices, reason }) => ({ key, type, default: value, choices, reason })),
  }
}
