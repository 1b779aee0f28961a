/**
 * The display name of an upload: whatever the client called it, made safe to show and to put in
 * a Content-Disposition header. Only the last path segment is kept (`../../etc/passwd` and
 * `C:\\x\\y.jpg` become `passwd` and `y.jpg`); control and bidirectional-override characters go
 * (no `evil‮gpj.exe`); leading dots go (no hidden files); at most 200 characters. The name is
 * never used to find or store anything: blobs are keyed by their hash.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g
const maxLength = 200

export function safeDisplayName(raw: string | null | undefined, fallback: string): string {
  if (typeof raw !== 'string') return fallback
  let name = raw.normalize('NFC').replace(unsafe, '')
  name = name.split(/[/\\]/).pop() ?? ''
  name = name
    .replace(/["<>|:*?]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
  if ([...name].length > maxLength) name = [...name].slice(0, maxLength).join('').trimEnd()
  return name === '' ? fallback : name
}

/** `filename*=` for Content-Disposition (RFC 6266/5987), with an ASCII fallback. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
