// The Data tab's two sections: the pair explorer and the imports/exports page.
import Link from 'next/link'

export function DataNav({ projectId, active }: { projectId: string; active: 'pairs' | 'imports' }) {
  const base = `/projects/${projectId}/data`
  return (
    <nav className="row subnav" aria-label="Data sections">
      <Link href={base} className={active === 'pairs' ? 'active' : ''}>Pairs</Link>
      <Link href={`${base}/imports`} className={active === 'imports' ? 'active' : ''}>Imports and exports</Link>
    </nav>
  )
}
