// The Deno baseline: Deno.serve doing the same 302 from a map with a fresh id (run by redirect.ts).
declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen(addr: { port: number }): void },
    handler: (request: Request) => Response,
  ): unknown
}

const links = new Map([['summer-lena', 'http://127.0.0.1:3001/']])
Deno.serve(
  {
    port: 0,
    hostname: '127.0.0.1',
    onListen: ({ port }) =>
      console.log(JSON.stringify({ event: 'server.listening', url: `http://127.0.0.1:${port}` })),
  },
  (request) => {
    const url = request.url
    const destination = links.get(url.slice(url.indexOf('/', url.indexOf('//') + 2) + 1).split('?')[0]!)
    if (!destination) return new Response(null, { status: 404 })
    return new Response(null, {
      status: 302,
      headers: {
        Location: `${destination}?glam_cid=${crypto.randomUUID()}`,
        'Cache-Control': 'private, no-store',
      },
    })
  },
)
