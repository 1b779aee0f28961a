/** The codes the dashboard function answers with, beside the core catalogue's (declared in the manifest). */
import { registerErrors } from '@glam/core'

export const dashboardErrors = {
  DASHBOARD_NOT_BUILT: {
    status: 503,
    message:
      'The dashboard app is not built on this server: run `npm run build -w @glam/dashboard-web` (npm start and npm test do it when it is missing).',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    DASHBOARD_NOT_BUILT: true
  }
}

registerErrors(dashboardErrors)
