// A folder as a POSIX tar archive (ustar, with pax headers for long names and files of 8 GiB or
// more), written as a stream of chunks pulled one at a time, so a download of a multi-GB checkpoint
// holds one read buffer in memory and goes only as fast as the client reads. Uncompressed: model
// weights are float data that gzip shrinks by a few percent at a high CPU cost. Only regular files and
// folders are archived; symlinks and anything else are left out, so nothing outside the folder leaks.
// The size is known before the first byte (Content-Length), from the listing.
import fs from 'node:fs'
import path from 'node:path'

export type TarEntry = { name: string; abs: string; type: 'file' | 'dir'; size: number; mtime: number; mode: number }

const BLOCK = 512
/** Largest size the 11 octal digits of a ustar header hold. */
const USTAR_MAX_SIZE = 0o77777777777
const enc = new TextEncoder()

/** Every file and folder under `root`, names prefixed with `prefix/`, folders before their contents, sorted. */
export async function listFolder(root: string, prefix: string): Promise<TarEntry[]> {
  const out: TarEntry[] = []
  async function walk(dir: string, name: string) {
    const st = await fs.promises.lstat(dir)
    out.push({ name: `${name}/`, abs: dir, type: 'dir', size: 0, mtime: Math.floor(st.mtimeMs / 1000), mode: 0o755 })
    const items = (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const item of items) {
      const abs = path.join(dir, item.name)
      if (item.isDirectory()) await walk(abs, `${name}/${item.name}`)
      else if (item.isFile()) {
        const s = await fs.promises.lstat(abs)
        out.push({ name: `${name}/${item.name}`, abs, type: 'file', size: s.size, mtime: Math.floor(s.mtimeMs / 1000), mode: 0o644 })
      }
    }
  }
  await walk(root, prefix)
  return out
}

const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK

/** The fields a plain ustar header cannot hold, as pax records ("len key=value\n"). */
function paxRecords(e: TarEntry): Uint8Array | null {
  const fields: [string, string][] = []
  if (enc.encode(e.name).length > 100 || /[^\x20-\x7e]/.test(e.name)) fields.push(['path', e.name])
  if (e.size > USTAR_MAX_SIZE) fields.push(['size', String(e.size)])
  if (!fields.length) return null
  const text = fields.map(([k, v]) => {
    const body = ` ${k}=${v}\n`
    const bytes = enc.encode(body).length
    // The length counts its own digits: grow it until it is stable.
    let len = bytes + String(bytes).length
    while (len !== bytes + String(len).length) len = bytes + String(len).length
    return `${len}${body}`
  }).join('')
  return enc.encode(text)
}

function octal(buf: Uint8Array, at: number, width: number, value: number) {
  const digits = value.toString(8).padStart(width - 1, '0')
  buf.set(enc.encode(digits.slice(-(width - 1))), at)
  buf[at + width - 1] = 0
}

function header(name: string, type: string, size: number, mtime: number, mode: number): Uint8Array {
  const h = new Uint8Array(BLOCK)
  const nameBytes = enc.encode(name)
  h.set(nameBytes.subarray(0, 100), 0)
  octal(h, 100, 8, mode)
  octal(h, 108, 8, 0)
  octal(h, 116, 8, 0)
  octal(h, 124, 12, Math.min(size, USTAR_MAX_SIZE))
  octal(h, 136, 12, mtime)
  h.fill(0x20, 148, 156) // the checksum is summed with its own field as spaces
  h[156] = type.charCodeAt(0)
  h.set(enc.encode('ustar\u000000'), 257)
  h.set(enc.encode('rewardlab'), 265)
  h.set(enc.encode('rewardlab'), 297)
  let sum = 0
  for (const b of h) sum += b
  h.set(enc.encode(sum.toString(8).padStart(6, '0')), 148)
  h[154] = 0
  h[155] = 0x20
  return h
}

/** The headers of one entry: a pax header and its records first when needed. */
function headersOf(e: TarEntry): Uint8Array[] {
  const pax = paxRecords(e)
  const typeflag = e.type === 'dir' ? '5' : '0'
  // A short, plain name for readers without pax support; the pax path wins for the others.
  const plainName = pax ? e.name.replace(/[^\x20-\x7e]/g, '_').slice(-99) : e.name
  const main = header(plainName, typeflag, e.size, e.mtime, e.mode)
  if (!pax) return [main]
  const block = new Uint8Array(padded(pax.length))
  block.set(pax)
  return [header(`PaxHeader/${path.posix.basename(plainName).slice(0, 80)}`, 'x', pax.length, e.mtime, 0o644), block, main]
}

/** Bytes of the whole archive: headers, contents padded to 512, two zero blocks at the end. */
export function tarSize(entries: readonly TarEntry[]): number {
  return entries.reduce((n, e) => n + headersOf(e).reduce((m, h) => m + h.length, 0) + padded(e.size), 0) + 2 * BLOCK
}

/** The archive, chunk by chunk; a file that changed size since it was listed ends the stream with an error. */
export async function* tarStream(entries: readonly TarEntry[], chunkBytes = 1024 * 1024): AsyncGenerator<Uint8Array> {
  for (const e of entries) {
    for (const h of headersOf(e)) yield h
    if (e.type !== 'file') continue
    let read = 0
    const file = fs.createReadStream(e.abs, { highWaterMark: chunkBytes })
    try {
      for await (const chunk of file as AsyncIterable<Buffer>) {
        read += chunk.length
        if (read > e.size) throw new Error(`${e.name} grew while it was being archived`)
        yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)
      }
    } finally {
      file.destroy()
    }
    if (read !== e.size) throw new Error(`${e.name} shrank while it was being archived`)
    if (padded(e.size) > e.size) yield new Uint8Array(padded(e.size) - e.size)
  }
  yield new Uint8Array(2 * BLOCK)
}
