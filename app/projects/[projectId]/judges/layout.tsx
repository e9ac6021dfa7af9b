// Frame of the judges pages: only brings in their stylesheet (the shared one has no judge rules).
import type { ReactNode } from 'react'
import './judges.css'

export default function JudgesLayout({ children }: { children: ReactNode }) {
  return children
}
