'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'

export function ProjectTabs({ projectId, staff }: { projectId: string; staff: boolean }) {
  const path = usePathname()
  const base = `/projects/${projectId}`
  const tabs = [
    { href: base, label: 'Overview' },
    { href: `${base}/annotate`, label: 'Annotate' },
    ...(staff ? [
      { href: `${base}/agreement`, label: 'Agreement' },
      { href: `${base}/data`, label: 'Data' },
      { href: `${base}/reward-models`, label: 'Reward models' },
      { href: `${base}/self-evolution`, label: 'Self-evolution' },
      { href: `${base}/policies`, label: 'Policies' },
      { href: `${base}/compare`, label: 'Compare' },
      { href: `${base}/judges`, label: 'Judges' },
      { href: `${base}/settings`, label: 'Settings' },
    ] : []),
  ]
  return (
    <nav className="tabs">
      {tabs.map((t) => (
        <Link key={t.href} href={t.href} className={path === t.href || (t.href !== base && path.startsWith(`${t.href}/`)) ? 'active' : ''}>{t.label}</Link>
      ))}
    </nav>
  )
}
