/** A CSV product feed of about `bytes` bytes, for upload tests: whole lines, realistic columns. */
export function feed(bytes: number): Buffer {
  const lines = ['sku,title,price,brand']
  let size = lines[0]!.length + 1
  for (let i = 0; size < bytes; i++) {
    const line = `SKU-${i},Velvet Lipstick ${i % 97},${(i % 50) + 9}.90,Demo Beauty`
    lines.push(line)
    size += line.length + 1
  }
  return Buffer.from(`${lines.join('\n')}\n`)
}
