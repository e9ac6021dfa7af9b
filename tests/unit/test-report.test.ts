// The closing line of `npm test` (scripts/test-report.mjs): a suite without a report, and a test file
// that fails to load, count as failures; ordinary reports add up as their runners say.
import { describe, expect, test } from 'vitest'
// @ts-expect-error plain ESM script without types
import { countReport } from '../../scripts/test-report.mjs'

const fresh = () => ({ passed: 0, failed: 0, skipped: 0, problems: [] as string[] })

describe('npm test closing line', () => {
  test('a missing report is one failure, named', () => {
    const t = fresh()
    countReport('vitest', null, t, 'integration')
    expect(t).toMatchObject({ passed: 0, failed: 1 })
    expect(t.problems[0]).toMatch(/^integration: no report was written/)
  })

  test('a vitest file that failed to load counts although no test in it failed', () => {
    const t = fresh()
    const report = {
      numPassedTests: 5, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0,
      testResults: [
        { name: '/repo/tests/unit/ok.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
        { name: '/repo/tests/unit/broken.test.ts', status: 'failed', message: 'SyntaxError: Unexpected token\n at …', assertionResults: [] },
        { name: '/repo/tests/unit/red.test.ts', status: 'failed', assertionResults: [{ status: 'failed' }] },
      ],
    }
    report.numFailedTests = 1
    countReport('vitest', JSON.stringify(report), t, 'unit')
    expect(t).toMatchObject({ passed: 5, failed: 2, skipped: 1 })
    expect(t.problems).toEqual(['unit: /repo/tests/unit/broken.test.ts failed to run: SyntaxError: Unexpected token'])
  })

  test('junit (pytest) and Playwright reports, and an unreadable one', () => {
    const t = fresh()
    countReport('junit', '<?xml version="1.0"?><testsuites><testsuite name="pytest" errors="1" failures="2" skipped="3" tests="50">', t, 'python')
    expect(t).toMatchObject({ passed: 44, failed: 3, skipped: 3 })
    countReport('playwright', JSON.stringify({ stats: { expected: 19, unexpected: 1, flaky: 1, skipped: 0 }, errors: [{ message: 'Error: webServer exited early' }] }), t, 'e2e')
    expect(t).toMatchObject({ passed: 64, failed: 5 })
    countReport('playwright', '{"stats":', t, 'e2e')
    expect(t.failed).toBe(6)
    expect(t.problems).toEqual(['e2e: Error: webServer exited early', expect.stringMatching(/^e2e: the report could not be read/)])
  })
})
