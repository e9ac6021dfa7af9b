// The trainer settings a researcher may change for one trainer command (a reward-model run, SFT,
// PPO), with the trainer's defaults and reasons (from config.py through trainer-settings.json): the
// dialogs' placeholders, hints and seed come from here, never from copies in the page.
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { trainerSetting, trainerSettings, type TrainerCommand } from './trainer-settings.ts'
import settings from './trainer-settings.json' with { type: 'json' }

export function listTrainerSettings(actor: Actor, command: TrainerCommand = 'train-rm') {
  assertStaff(actor, 'Training settings are for researchers and admins')
  const overridable = new Set(settings.overridable[command])
  return {
    seed: trainerSetting('seed'),
    overridable: trainerSettings().filter((s) => overridable.has(s.key)).map(({ key, type, default: value, choices, reason }) => ({ key, type, default: value, choices, reason })),
  }
}
