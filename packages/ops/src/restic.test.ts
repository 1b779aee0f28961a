// Repository locations: a relative directory is made absolute (restic runs in the staging
// directory during a backup); remote locations pass as written; the password never shows.
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { redact, storedPath } from './backup.ts'
import { createRestic, ResticError } from './restic.ts'

describe('restic repositories', () => {
  it('makes a relative directory absolute and keeps remote locations as they are', () => {
    expect(createRestic({ repository: '.data/backup-repo', password: 'x'.repeat(12) }).repository).toBe(
      resolve('.data/backup-repo'),
    )
    for (const remote of [
      'sftp:backup@host:/srv/glam',
      's3:https://s3.example/bucket/glam',
      'rest:https://h/',
    ])
      expect(createRestic({ repository: remote, password: 'x'.repeat(12) }).repository).toBe(remote)
    expect(redact('s3:https://key:secret@s3.example/bucket')).toBe('s3:https://s3.example/bucket')
  })

  it('keeps the paths restic stores for directories outside the staging one', () => {
    expect(storedPath('/srv/glam/.data/backup-stage', '/srv/glam/.data/blobs')).toBe('blobs')
    expect(storedPath('/srv/glam/.data/backup-stage', '/mnt/store/blobs')).toBe('mnt/store/blobs')
    expect(storedPath('/srv/stage', '/srv/stage/blobs')).toBe('blobs')
  })

  it('names a missing restic binary, and never prints the password', async () => {
    const password = 'very-secret-password-42'
    const missing = createRestic({ repository: '/nonexistent', password, binary: 'restic-not-installed' })
    await expect(missing.snapshots()).rejects.toThrow(/install Debian's restic/)
    const wrong = createRestic({ repository: `/nonexistent-${process.pid}`, password })
    const error = await wrong.snapshots().catch((e: ResticError) => e)
    expect(error).toBeInstanceOf(ResticError)
    expect(String((error as Error).message)).not.toContain(password)
  })
})
