// How a judge's endpoint key is held, as a badge for the judges table and the judge's page: a server
// key (by name; an admin keeps it on the server), a key stored with the judge, or none.
export function KeyBadge({ apiKeyRef, hasApiKey }: { apiKeyRef?: string; hasApiKey: boolean }) {
  if (apiKeyRef) return <span className="badge badge-ok" title="a key an admin keeps on the server for this endpoint">server key {apiKeyRef}</span>
  return hasApiKey ? <span className="badge badge-ok">key set</span> : <span className="badge">no key</span>
}
