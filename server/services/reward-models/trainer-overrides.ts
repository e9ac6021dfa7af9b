// Which trainer settings a researcher may override from the web, and with what: exactly the keys
// the trainer lists as overridable for the command (trainer-settings.json, from config.py), each
// checked against its type and choices, so a typo is refused in the dialog, not by the trainer.
// Hyperparameters only: paths and the base model stay under the server's control.
import { z } from 'zod'
import { overrideProblem } from './trainer-settings.ts'

export const trainerOverridesSchema = z
  .record(z.string().max(60), z.union([z.number().finite(), z.string().max(100), z.boolean()]))
  .refine((r) => Object.keys(r).length <= 40, 'at most 40 trainer settings')
  .superRefine((r, ctx) => {
    for (const [key, value] of Object.entries(r)) {
      const problem = overrideProblem('train-rm', key, value)
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem })
    }
  })
  .default({})
