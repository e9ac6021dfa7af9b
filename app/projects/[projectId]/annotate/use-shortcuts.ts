'use client'
// Page-wide single-key shortcuts. Keys typed into a text field never fire them (Esc leaves the
// field instead), nor do keys with Ctrl/Cmd/Alt (browser shortcuts), held-down repeats, or
// Enter/Space on a focused button or link (that control's own action wins).
import { useEffect, useRef } from 'react'

/** handlers: by key as KeyboardEvent.key gives it, letters lower-case ('s', '1', 'ArrowLeft', 'Enter'). */
export function useShortcuts(handlers: Record<string, () => void>, enabled = true) {
  // The listener is added once; it reads the handlers of the latest render.
  const latest = useRef(handlers)
  useEffect(() => { latest.current = handlers })
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return
      const target = e.target instanceof HTMLElement ? e.target : null
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        if (e.key === 'Escape') target.blur()
        return
      }
      if ((e.key === 'Enter' || e.key === ' ') && target?.closest('button, a, summary')) return
      const handler = latest.current[e.key.length === 1 ? e.key.toLowerCase() : e.key]
      if (!handler) return
      e.preventDefault()
      handler()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled])
}

/** A button that does not take focus when clicked, so Enter afterwards still means "submit". */
export const keepFocus = { onMouseDown: (e: { preventDefault(): void }) => e.preventDefault() }
