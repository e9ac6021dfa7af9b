// Ids for rows written by raw bulk SQL, shaped like Prisma's cuid() (25 chars: 'c', time, counter,
// randomness) so they look and sort like the ids Prisma makes for the same tables.
import crypto from 'node:crypto'

const BLOCK = 36 ** 6
let counter = 0

export function newRowId(): string {
  counter = (counter + 1) % 36 ** 4
  return `c${Date.now().toString(36).padStart(8, '0')}${counter.toString(36).padStart(4, '0')}`
    + crypto.randomInt(BLOCK).toString(36).padStart(6, '0') + crypto.randomInt(BLOCK).toString(36).padStart(6, '0')
}
