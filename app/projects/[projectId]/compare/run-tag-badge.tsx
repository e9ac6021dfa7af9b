// A run's label-source tag (server/lib/run-tag.ts) as a pill, with the reason as its tooltip.
const TONE: Record<string, string> = { RLHF: 'compare-tag-rlhf', RLAIF: 'compare-tag-rlaif', SER: 'compare-tag-ser', 'd-RLAIF': 'compare-tag-drlaif', SFT: 'compare-tag-sft' }

export function RunTagBadge({ tag, why }: { tag: string; why?: string }) {
  return <span className={`badge compare-tag ${TONE[tag] ?? ''}`} title={why} data-testid="run-tag">{tag}</span>
}
