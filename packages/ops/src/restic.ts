/**
 * restic (Debian's `restic`), driven as a child process with `--json`: the repository and its
 * password go in the environment (RESTIC_REPOSITORY, RESTIC_PASSWORD), never on a command line
 * or in a log. Repositories are made with format version 2 (compressed). Errors carry restic's
 * own message, scrubbed of the password.
 *
 * ```ts
 * const restic = createRestic({ repository: '/srv/backup/glam', password })
 * await restic.ensureRepository()
 * const { snapshotId } = await restic.backup(['/tmp/stage'], { tags: ['glam'] })
 * ```
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

export interface ResticOptions {
  /** A directory, `sftp:user@host:/path`, `s3:http://host/bucket/path`, … (restic's syntax). */
  repository: string
  password: string
  /** Extra environment (AWS_ACCESS_KEY_ID for S3, …). */
  env?: Record<string, string>
  /** The restic binary. Default `restic`. */
  binary?: string
  /** restic's cache; default restic's own (~/.cache/restic). */
  cacheDir?: string
  /** Extended options (`-o key=value`), e.g. `sftp.command=ssh … -s sftp`, `s3.bucket-lookup=path`. */
  options?: string[]
}

export interface BackupSummary {
  snapshotId: string
  filesNew: number
  filesChanged: number
  filesUnmodified: number
  dataAdded: number
  totalFilesProcessed: number
  totalBytesProcessed: number
  durationSeconds: number
}

export interface Snapshot {
  id: string
  short_id: string
  time: string
  paths: string[]
  tags?: string[]
  hostname: string
}

export class ResticError extends Error {
  override readonly name = 'ResticError'
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super(message)
  }
}

export function createRestic(options: ResticOptions) {
  const binary = options.binary ?? 'restic'
  // A local directory, made absolute: a backup runs restic in the staging directory.
  const repository = /^[a-z0-9]+:/i.test(options.repository)
    ? options.repository
    : resolve(options.repository)
  const env = {
    ...process.env,
    ...options.env,
    RESTIC_REPOSITORY: repository,
    RESTIC_PASSWORD: options.password,
    ...(options.cacheDir && { RESTIC_CACHE_DIR: options.cacheDir }),
  }
  delete (env as Record<string, string | undefined>).RESTIC_PASSWORD_FILE
  delete (env as Record<string, string | undefined>).RESTIC_PASSWORD_COMMAND
  const scrub = (text: string) => (options.password ? text.split(options.password).join('***') : text)

  /** Runs restic; resolves with stdout, rejects with a ResticError naming restic's message. */
  function run(args: string[], opts: { cwd?: string; allowExit?: number[] } = {}) {
    return new Promise<{ stdout: string; stderr: string; code: number }>((resolve, reject) => {
      const extended = (options.options ?? []).flatMap((o) => ['-o', o])
      const child = spawn(binary, [...extended, ...args], {
        env,
        cwd: opts.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (b: Buffer) => out.push(b))
      child.stderr.on('data', (b: Buffer) => err.push(b))
      child.on('error', (error) =>
        reject(new ResticError(`restic could not start (${error.message}); install Debian's restic`, null)),
      )
      child.on('close', (code) => {
        const stdout = Buffer.concat(out).toString('utf8')
        const stderr = scrub(Buffer.concat(err).toString('utf8'))
        if (code === 0 || (code !== null && opts.allowExit?.includes(code)))
          resolve({ stdout, stderr, code: code ?? 0 })
        else {
          const line = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' / ') || `exit ${code}`
          reject(new ResticError(`restic ${args[0]} failed: ${line.slice(0, 500)}`, code))
        }
      })
    })
  }

  /** The JSON lines of restic's output (progress lines such as `[0:01] 100%` are not JSON). */
  const jsonLines = (stdout: string) =>
    stdout.split('\n').flatMap((l) => {
      if (!l.startsWith('{') && !l.startsWith('[')) return []
      try {
        return [JSON.parse(l) as Record<string, unknown>]
      } catch {
        return []
      }
    })

  return {
    repository,
    run,
    /** Initialises the repository unless it exists already (answers whether it made it). */
    async ensureRepository(): Promise<boolean> {
      // `cat config` exits 10 when there is no repository (restic ≥ 0.17) or 1 (older ones).
      const probe = await run(['cat', 'config', '--no-lock'], { allowExit: [1, 10] })
      if (probe.code === 0) return false
      if (!/does not exist|unable to open config file|Is there a repository/i.test(probe.stderr))
        throw new ResticError(
          `restic cannot read the repository: ${probe.stderr.trim().slice(0, 300)}`,
          probe.code,
        )
      await run(['init', '--repository-version', '2'])
      return true
    },
    /** Backs up these paths (relative to `cwd`, so snapshots hold stable paths). */
    async backup(
      paths: string[],
      opts: { cwd: string; tags: string[]; host?: string },
    ): Promise<BackupSummary> {
      const args = ['backup', '--json', '--compression', 'auto', ...opts.tags.flatMap((t) => ['--tag', t])]
      if (opts.host) args.push('--host', opts.host)
      const { stdout } = await run([...args, '--', ...paths], { cwd: opts.cwd })
      const summary = jsonLines(stdout).find((l) => l.message_type === 'summary')
      if (!summary) throw new ResticError('restic backup gave no summary', 0)
      return {
        snapshotId: String(summary.snapshot_id),
        filesNew: Number(summary.files_new),
        filesChanged: Number(summary.files_changed),
        filesUnmodified: Number(summary.files_unmodified),
        dataAdded: Number(summary.data_added),
        totalFilesProcessed: Number(summary.total_files_processed),
        totalBytesProcessed: Number(summary.total_bytes_processed),
        durationSeconds: Number(summary.total_duration),
      }
    },
    async snapshots(tags: string[] = []): Promise<Snapshot[]> {
      const { stdout } = await run(['snapshots', '--json', '--no-lock', ...tags.flatMap((t) => ['--tag', t])])
      return (JSON.parse(stdout || '[]') as Snapshot[]).sort((a, b) => a.time.localeCompare(b.time))
    },
    /** Restores a snapshot (an id or `latest`) into `target`. */
    async restore(snapshot: string, target: string, opts: { include?: string[] } = {}) {
      await run([
        'restore',
        snapshot,
        '--target',
        target,
        ...(opts.include ?? []).flatMap((i) => ['--include', i]),
      ])
    },
    /** Prints one file of a snapshot (`dump`). */
    async dump(snapshot: string, path: string): Promise<string> {
      return (await run(['dump', '--no-lock', snapshot, path])).stdout
    },
    /** Retention: daily 7, weekly 4, monthly 12 by default; removes the data nothing keeps. */
    async forget(keep: { daily: number; weekly: number; monthly: number }, tags: string[]) {
      const { stdout } = await run([
        'forget',
        '--json',
        '--prune',
        ...tags.flatMap((t) => ['--tag', t]),
        '--keep-daily',
        String(keep.daily),
        '--keep-weekly',
        String(keep.weekly),
        '--keep-monthly',
        String(keep.monthly),
      ])
      const groups = jsonLines(stdout).flat() as { remove?: unknown[] | null }[]
      return { removed: groups.reduce((n, g) => n + (g.remove?.length ?? 0), 0) }
    },
    /** Checks the repository's structure and reads back `subset` of its data (`10%`, `1/5`). */
    async check(subset: string) {
      await run(['check', `--read-data-subset=${subset}`])
    },
    /** Repository size on the backend (restore-size of all snapshots would double-count). */
    async stats(): Promise<{ totalSize: number; totalFileCount: number }> {
      const { stdout } = await run(['stats', '--json', '--no-lock', '--mode', 'raw-data'])
      const s = JSON.parse(stdout) as {
        total_size: number
        total_blob_count?: number
        total_file_count?: number
      }
      return { totalSize: s.total_size, totalFileCount: s.total_file_count ?? s.total_blob_count ?? 0 }
    },
  }
}

export type Restic = ReturnType<typeof createRestic>
