// Reads the suites' report files into the closing line's counts. A missing or unreadable report
// counts as a failure (the suite crashed before it wrote one), and so does a test file that failed
// to load (vitest reports it as a failed suite with no failed test), so the line never says
// "0 failed" over a broken run.

/** Adds one suite's counts to `totals`; `read` returns the file's text or null when it is missing. */
export function countReport(kind, text, totals, name) {
  if (text === null || text === undefined) {
    totals.failed += 1
    totals.problems.push(`${name}: no report was written (the runner crashed or never started)`)
    return
  }
  try {
    if (kind === 'vitest') countVitest(JSON.parse(text), totals, name)
    else if (kind === 'junit') countJunit(text, totals)
    else countPlaywright(JSON.parse(text), totals, name)
  } catch (e) {
    totals.failed += 1
    totals.problems.push(`${name}: the report could not be read (${e.message})`)
  }
}

function countVitest(j, totals, name) {
  totals.passed += j.numPassedTests
  totals.failed += j.numFailedTests
  totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0)
  for (const file of j.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed').length
    if (file.status === 'failed' && failedTests === 0) {
      totals.failed += 1
      totals.problems.push(`${name}: ${file.name} failed to run: ${String(file.message ?? '').split('\n')[0]}`)
    }
  }
}

function countJunit(xml, totals) {
  const head = xml.match(/<testsuite [^>]*>/)?.[0]
  if (!head) throw new Error('no <testsuite> element')
  const num = (k) => Number(head.match(new RegExp(`${k}="(\\d+)"`))?.[1] ?? 0)
  const failed = num('failures') + num('errors')
  totals.failed += failed
  totals.skipped += num('skipped')
  totals.passed += num('tests') - failed - num('skipped')
}

function countPlaywright(j, totals, name) {
  const s = j.stats
  totals.passed += s.expected + (s.flaky ?? 0)
  totals.failed += s.unexpected
  totals.skipped += s.skipped
  for (const e of j.errors ?? []) {
    totals.failed += 1
    totals.problems.push(`${name}: ${String(e.message ?? e).split('\n')[0]}`)
  }
}
