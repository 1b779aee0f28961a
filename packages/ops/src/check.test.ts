// The `backup` check's verdicts: ages against the thresholds, a failed restore test, nothing yet.
import { describe, expect, it } from 'vitest'
import { evaluateBackupCheck, type RunRecord } from './check.ts'

const now = new Date('2026-12-06T12:00:00.000Z')
const run = (
  hoursAgo: number,
  status = 'succeeded',
  summary: Record<string, unknown> | null = null,
): RunRecord => {
  const at = new Date(now.getTime() - hoursAgo * 3_600_000)
  return {
    status,
    startedAt: at,
    finishedAt: at,
    summary,
    error: status === 'failed' ? 'blob x: missing' : null,
  }
}
const check = (backup: RunRecord | null, test: RunRecord | null, lastTest = test, lastBackup = backup) =>
  evaluateBackupCheck({
    now,
    warnHours: 26,
    critHours: 50,
    backup: { last: lastBackup, lastSuccess: backup },
    restoreTest: { last: lastTest, lastSuccess: test },
  })

describe('the backup check', () => {
  it('is OK with a fresh backup and restore test, with perfdata in seconds', () => {
    const { status, line } = check(
      run(3, 'succeeded', { snapshotId: '1a2b3c4d5e', repositorySize: 1234 }),
      run(1),
    )
    expect(status).toBe('OK')
    expect(line).toBe(
      'GLAM BACKUP OK - last backup 3.0 h ago (snapshot 1a2b3c4d), restore test passed 1.0 h ago | backup_age=10800s;93600;180000;0 repository_size=1234B;;;0 restore_test_age=3600s;93600;180000;0',
    )
  })

  it('warns past the warning age and while no restore test has passed', () => {
    expect(check(run(30), run(1)).status).toBe('WARNING')
    expect(check(run(1), run(27)).status).toBe('WARNING')
    expect(check(run(1), null).line).toMatch(/WARNING - .*no restore test has passed yet/)
  })

  it('is CRITICAL past the critical age, after a failed restore test, and without any backup', () => {
    expect(check(run(51), run(1)).status).toBe('CRITICAL')
    const failed = check(run(1), run(20), run(0.5, 'failed'))
    expect(failed.status).toBe('CRITICAL')
    expect(failed.line).toMatch(/restore test failed: blob x: missing/)
    expect(check(null, null).line).toMatch(/^GLAM BACKUP CRITICAL - no backup ever ran/)
    expect(check(null, null, null, run(1, 'failed')).line).toMatch(/no backup has succeeded \(last: failed\)/)
  })
})
