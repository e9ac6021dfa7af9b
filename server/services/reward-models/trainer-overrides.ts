// Which trainer settings a researcher may override from the web (workers/trainer config.py names,
// as dotted keys). Hyperparameters only: paths (out_dir, data.pairs, model.path, export folders)
// and the base model stay under the server's control, so a request cannot write or read elsewhere.
import { z } from 'zod'

const ALLOWED = [
  /^train\.[a-z_]+$/,
  /^model\.(max_length|truncation_side|dtype)$/,
  /^model\.lora\.(enabled|r|alpha|dropout)$/,
  /^data\.(label_mode|bucket_chunk|max_train_pairs)$/,
  /^export\.(exporter|opset|parity_pairs|parity_tolerance)$/,
  /^(device|threads)$/,
]

export const isAllowedTrainerKey = (key: string) => ALLOWED.some((re) => re.test(key))

export const trainerOverridesSchema = z
  .record(z.string().max(60), z.union([z.number().finite(), z.string().max(100), z.boolean()]))
  .refine((r) => Object.keys(r).length <= 40, 'at most 40 trainer settings')
  .superRefine((r, ctx) => {
    for (const key of Object.keys(r)) {
      if (!isAllowedTrainerKey(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a trainer setting that can be changed here` })
    }
  })
  .default({})
