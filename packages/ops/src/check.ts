/**
 * The `backup` check's verdict (Monitoring Plugins format), from the job records of `backup` and
 * `restore-test`: CRITICAL when there never was a good backup, when the newest restore test
 * failed, or when the last good backup or restore test is older than the critical threshold;
 * WARNING past the warning threshold or while no restore test has passed yet. Ages go out as
 * perfdata in seconds with the thresholds.
 */
export type Status = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN'

export interface RunRecord {
  status: string
  startedAt: Date
  finishedAt: Date | null
  summary: Record<string, unknown> | null
  error: string | null
}

export interface BackupCheckInput {
  now: Date
  warnHours: number
  critHours: number
  backup: { last: RunRecord | null; lastSuccess: RunRecord | null }
  restoreTest: { last: RunRecord | null; lastSuccess: RunRecord | null }
}

const rank: Record<Status, number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 }
const worse = (a: Status, b: Status) => (rank[b] > rank[a] ? b : a)
const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`

export function evaluateBackupCheck(input: BackupCheckInput): { status: Status; line: string } {
  const warnS = Math.round(input.warnHours * 3600)
  const critS = Math.round(input.critHours * 3600)
  let status: Status = 'OK'
  const parts: string[] = []
  const perf: string[] = []
  const ageOf = (run: RunRecord | null) =>
    run ? input.now.getTime() - (run.finishedAt ?? run.startedAt).getTime() : null
  const grade = (ms: number | null): Status =>
    ms === null ? 'CRITICAL' : ms / 1000 > critS ? 'CRITICAL' : ms / 1000 > warnS ? 'WARNING' : 'OK'

  const backupAge = ageOf(input.backup.lastSuccess)
  if (backupAge === null) {
    status = 'CRITICAL'
    parts.push(
      input.backup.last
        ? `no backup has succeeded (last: ${input.backup.last.status})`
        : 'no backup ever ran',
    )
  } else {
    status = worse(status, grade(backupAge))
    const snapshot = String(input.backup.lastSuccess?.summary?.snapshotId ?? '').slice(0, 8)
    parts.push(`last backup ${hours(backupAge)} ago${snapshot ? ` (snapshot ${snapshot})` : ''}`)
    perf.push(`backup_age=${Math.round(backupAge / 1000)}s;${warnS};${critS};0`)
    const size = Number(input.backup.lastSuccess?.summary?.repositorySize)
    if (Number.isFinite(size)) perf.push(`repository_size=${size}B;;;0`)
    if (
      input.backup.last &&
      input.backup.last.status !== 'succeeded' &&
      input.backup.last.status !== 'running'
    )
      parts.push(`the newest backup ${input.backup.last.status}`)
  }

  const last = input.restoreTest.last
  const testAge = ageOf(input.restoreTest.lastSuccess)
  if (last && (last.status === 'failed' || last.status === 'timed_out' || last.status === 'abandoned')) {
    status = 'CRITICAL'
    parts.push(`restore test ${last.status}: ${(last.error ?? '').slice(0, 160)}`)
  } else if (testAge === null) {
    status = worse(status, backupAge === null ? 'CRITICAL' : 'WARNING')
    parts.push('no restore test has passed yet')
  } else {
    status = worse(status, grade(testAge))
    parts.push(`restore test passed ${hours(testAge)} ago`)
  }
  if (testAge !== null) perf.push(`restore_test_age=${Math.round(testAge / 1000)}s;${warnS};${critS};0`)
  return {
    status,
    line: `GLAM BACKUP ${status} - ${parts.join(', ')}${perf.length ? ` | ${perf.join(' ')}` : ''}`,
  }
}
