// Policy evaluations of the compared runs (win-rate matrix with intervals and ties, harmless rates).
// The evaluation job is built separately (issue 13, items 1–2); until then this says there is none.
export function EvaluationSection({ projectId, policyIds }: { projectId: string; policyIds: string[] }) {
  return (
    <div className="card" data-testid="compare-evaluation" data-project={projectId} data-runs={policyIds.length}>
      <h2>Evaluation</h2>
      <p className="muted small">No evaluation of these runs yet.</p>
    </div>
  )
}
