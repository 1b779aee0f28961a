// Cloudflare module worker (wrangler.toml's main): wiring only.
import { createWorker } from '@glam/platform/workerd'

export default createWorker()
