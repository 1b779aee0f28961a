/**
 * A throwaway OpenSSH server on loopback (Debian's openssh-server), for tests of SFTP targets:
 * its own host key, one client key allowed for the current user, no passwords, SFTP built in.
 *
 * ```ts
 * const sshd = await startSshd()
 * // sshd.sshCommand: `ssh -p PORT -i KEY -o … user@127.0.0.1` (append `-s sftp` for SFTP)
 * await sshd.stop()
 * ```
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { freePort } from './runtimes.ts'

const server = '/usr/sbin/sshd'
export const hasSshd = () => existsSync(server) && spawnSync('ssh', ['-V']).status === 0

export interface RunningSshd {
  port: number
  user: string
  /** The client's private key. */
  key: string
  /** `ssh` with the port, the key and no host-key prompts, ending in `user@127.0.0.1`. */
  sshCommand: string
  stop(): Promise<void>
}

export async function startSshd(): Promise<RunningSshd> {
  if (!hasSshd()) throw new Error('OpenSSH is not installed (Debian packages openssh-server, openssh-client)')
  const dir = mkdtempSync(join(tmpdir(), 'glam-sshd-'))
  const keygen = (file: string) => {
    const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { encoding: 'utf8' })
    if (made.status !== 0) throw new Error(`ssh-keygen failed: ${made.stderr}`)
  }
  keygen(join(dir, 'host_key'))
  keygen(join(dir, 'client_key'))
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, spawnSync('cat', [join(dir, 'client_key.pub')], { encoding: 'utf8' }).stdout)
  // sshd wants its privilege-separation directory.
  mkdirSync('/run/sshd', { recursive: true })
  const port = await freePort()
  const user = userInfo().username
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn(server, ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let log = ''
  child.stderr?.on('data', (b: Buffer) => {
    log += b.toString('utf8')
  })
  // Up once the port takes connections.
  const deadline = Date.now() + 10_000
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) break
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`sshd did not start: ${log.slice(0, 500)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const key = join(dir, 'client_key')
  return {
    port,
    user,
    key,
    sshCommand: `ssh -p ${port} -i ${key} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR ${user}@127.0.0.1`,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
