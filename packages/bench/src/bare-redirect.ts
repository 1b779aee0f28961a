// The baseline: a bare node:http server doing the same 302 from an in-memory map, with a fresh id.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

const links = new Map([['summer-lena', 'http://127.0.0.1:3001/']])
const server = createServer((req, res) => {
  const destination = links.get((req.url ?? '/').slice(1).split('?')[0]!)
  if (!destination) return res.writeHead(404).end()
  res
    .writeHead(302, {
      Location: `${destination}?glam_cid=${randomUUID()}`,
      'Cache-Control': 'private, no-store',
    })
    .end()
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  console.log(JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` }))
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
