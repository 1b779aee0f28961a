// A backup repository on an SFTP server (Debian's openssh-server on loopback, key login only),
// as production keeps it away from the platform: made on first use, a backup of the demo
// platform, and a restore test that reads it all back over SFTP.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { hasSshd, type RunningSshd, startSshd } from '@glam/testing/sshd'
import { requireTool } from '@glam/testing/strict'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBackup } from './backup.ts'
import { createRestic } from './restic.ts'
import { restoreTest } from './restore.ts'
import { backupInputOf } from './targets.ts'

const hasRestic = spawnSync('restic', ['version']).status === 0

describe.runIf(
  requireTool(hasSshd(), 'OpenSSH (Debian packages openssh-server, openssh-client)') &&
    requireTool(hasRestic, "restic (Debian's restic)"),
)('backups to an SFTP server', () => {
  let sshd: RunningSshd
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  const dir = mkdtempSync(join(tmpdir(), 'glam-backup-sftp-'))

  beforeAll(async () => {
    sshd = await startSshd()
    t = await createTestAppWithDatabase({ env: { GLAM_BACKUP_STAGE_DIR: join(dir, 'stage') } })
    await t.platform.blobs.put('sftp-test/one.txt', new TextEncoder().encode('over sftp'))
  }, 60_000)
  afterAll(async () => {
    await t?.platform.close?.()
    await sshd?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('makes the repository over SFTP, backs up to it and restore-tests from it', async () => {
    const restic = createRestic({
      repository: `sftp:${sshd.user}@127.0.0.1:${join(dir, 'remote-repo')}`,
      password: 'test-backup-password-0123',
      options: [`sftp.command=${sshd.sshCommand} -s sftp`],
    })
    const result = await runBackup({ ...backupInputOf(t.platform), restic, keepAll: true })
    expect(result.rows).toBeGreaterThan(50)
    expect(result.blobs).toBeGreaterThanOrEqual(1)
    const tested = await restoreTest({ restic, readDataSubset: '100%' })
    expect(tested.problems).toEqual([])
    expect(tested.rows).toBe(result.rows)
    // A wrong password reads nothing.
    const wrong = createRestic({
      repository: `sftp:${sshd.user}@127.0.0.1:${join(dir, 'remote-repo')}`,
      password: 'not-the-password-0123',
      options: [`sftp.command=${sshd.sshCommand} -s sftp`],
    })
    await expect(wrong.snapshots()).rejects.toThrow(/wrong password|no key found/i)
  }, 120_000)
})
