// The baseline: a bare node:http server answering what Glam's /healthz answers.
import { createServer } from 'node:http'

const body = JSON.stringify({ status: 'ok' })
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    res.end(body)
  } else {
    res.writeHead(404).end()
  }
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  console.log(JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` }))
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
