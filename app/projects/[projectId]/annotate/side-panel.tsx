'use client'
// The annotate page's side panel: progress (mine and the project's), the project's guidelines
// (collapsible with G; the choice is remembered in this browser), and the keys.
import Link from 'next/link'
import { useSyncExternalStore } from 'react'
import { Markdown } from '../../../_components/markdown.tsx'
import { ProgressBar } from '../../../_components/progress-bar.tsx'
import type { QueueItem } from './use-queue.ts'
import { keepFocus, useShortcuts } from './use-shortcuts.ts'

const OPEN_KEY = 'rewardlab:annotate:guidelines-open'

// A flag kept in localStorage, read without a second render: the server (and hydration) see the
// default, the browser its stored value; other tabs' changes arrive through the 'storage' event.
const listeners = new Set<() => void>()
function subscribe(fn: () => void) {
  listeners.add(fn)
  window.addEventListener('storage', fn)
  return () => { listeners.delete(fn); window.removeEventListener('storage', fn) }
}
function useStoredFlag(key: string, fallback: boolean): [boolean, (v: boolean) => void] {
  const value = useSyncExternalStore(subscribe, () => (localStorage.getItem(key) ?? String(fallback)) === 'true', () => fallback)
  return [value, (v) => { localStorage.setItem(key, String(v)); for (const fn of listeners) fn() }]
}

type Props = { projectId: string; guidelines: string; progress: QueueItem['progress']; overlap: number; session: number }

export function SidePanel({ projectId, guidelines, progress, overlap, session }: Props) {
  const [open, setOpen] = useStoredFlag(OPEN_KEY, true)
  const toggle = () => setOpen(!open)
  useShortcuts({ g: toggle })
  return (
    <aside className="annotate-side" aria-label="Progress and guidelines">
      <div className="card side-card">
        <div className="side-stat">
          <span className="v" data-testid="mine-count">{progress.mine.toLocaleString()}</span>
          <span className="k">labelled by you{session > 0 ? ` · ${session} this session` : ''}</span>
        </div>
        {/* Their expected share (pairs × overlap ÷ annotators, less what imports cover), not every pair. */}
        <ProgressBar value={progress.mine} total={Math.max(progress.share, progress.mine)} label="pairs of your share" />
        <h3>Project</h3>
        <ProgressBar value={progress.project.done} total={progress.project.needed} label="labels" />
        <p className="muted small">{overlap} annotator{overlap === 1 ? '' : 's'} per pair</p>
        <p className="small"><Link href={`/projects/${projectId}/annotate/history`}>History: your labels</Link></p>
      </div>
      <div className="card side-card guidelines">
        <button type="button" className="panel-toggle" aria-expanded={open} onClick={toggle} {...keepFocus}>
          <span>{open ? '▾' : '▸'} Guidelines</span><kbd className="kbd">G</kbd>
        </button>
        {open && (guidelines.trim() ? <Markdown text={guidelines} /> : <p className="muted small">This project has no guidelines yet.</p>)}
      </div>
      <div className="card side-card keys-help">
        <h3>Keys</h3>
        <dl>
          <dt><kbd className="kbd">1</kbd> <kbd className="kbd">←</kbd></dt><dd>A is better</dd>
          <dt><kbd className="kbd">2</kbd> <kbd className="kbd">→</kbd></dt><dd>B is better</dd>
          <dt><kbd className="kbd">3</kbd> <kbd className="kbd">↓</kbd></dt><dd>Tie</dd>
          <dt><kbd className="kbd">Q</kbd>…<kbd className="kbd">T</kbd></dt><dd>Confidence 1…5</dd>
          <dt><kbd className="kbd">/</kbd></dt><dd>Write a rationale (<kbd className="kbd">Esc</kbd> leaves)</dd>
          <dt><kbd className="kbd">Enter</kbd></dt><dd>Submit</dd>
          <dt><kbd className="kbd">S</kbd></dt><dd>Skip this pair</dd>
          <dt><kbd className="kbd">F</kbd></dt><dd>Flag this pair for a researcher</dd>
          <dt><kbd className="kbd">U</kbd></dt><dd>Undo your last label</dd>
          <dt><kbd className="kbd">G</kbd></dt><dd>Show / hide guidelines</dd>
        </dl>
      </div>
    </aside>
  )
}
