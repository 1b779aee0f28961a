/**
 * The two nginx servers the delivery benchmarks compare against, in one nginx: port 0 serves a
 * directory as static files (the baseline), port 1 is the README's "Assets behind nginx" block
 * itself in front of a Glam server with GLAM_ASSETS_ACCEL=nginx, so the measured setup is the
 * documented one.
 */
import { type RunningNginx, readmeNginxConfig, startNginx } from '@glam/testing/nginx'

export function startNginxPair(options: {
  staticDir: string
  /** `types` of the static server: `{ 'image/webp': 'webp' }`. */
  types: Record<string, string>
  glamUrl: string
  accelDir: string
}): Promise<RunningNginx> {
  const types = Object.entries(options.types)
    .map(([type, ext]) => `${type} ${ext};`)
    .join(' ')
  return startNginx({
    ports: 2,
    http: ({ ports }) => `
  sendfile on;
  types { ${types} }
  server {
    listen 127.0.0.1:${ports[0]};
    location / { root ${options.staticDir}; }
  }
${readmeNginxConfig({ port: ports[1]!, glamPort: Number(new URL(options.glamUrl).port), accelDir: options.accelDir })}`,
  })
}
