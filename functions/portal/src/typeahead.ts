/**
 * The search box's typeahead (`/portal.js`, loaded with `defer`): progressive enhancement over
 * the plain GET form. As one types it asks `/api/search/suggest` (debounced, the last answer
 * wins) and lists products, brands and categories under the box as an ARIA combobox: arrows move,
 * Enter opens, Escape closes. Suggestions are written with textContent, never as markup.
 */
const script = `(() => {
  const input = document.getElementById('q')
  if (!input || !window.fetch) return
  const form = input.form
  const lang = document.documentElement.lang === 'en' ? 'en' : 'de'
  const searchPath = lang === 'en' ? '/en/search' : '/suche'
  const list = document.createElement('ul')
  list.id = 'typeahead'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', lang === 'en' ? 'Suggestions' : 'Vorschläge')
  list.hidden = true
  form.style.position = 'relative'
  form.appendChild(list)
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-controls', list.id)
  input.setAttribute('aria-expanded', 'false')
  let items = []
  let active = -1
  let asked = 0
  let timer
  const close = () => {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
    active = -1
  }
  const mark = (i) => {
    items.forEach((el, n) => el.setAttribute('aria-selected', String(n === i)))
    active = i
    if (i >= 0) input.setAttribute('aria-activedescendant', items[i].id)
    else input.removeAttribute('aria-activedescendant')
  }
  const option = (text, href, kind) => {
    const li = document.createElement('li')
    li.id = 'typeahead-' + list.children.length
    li.setAttribute('role', 'option')
    li.dataset.kind = kind
    const a = document.createElement('a')
    a.href = href
    a.textContent = text
    a.tabIndex = -1
    li.appendChild(a)
    li.addEventListener('mousedown', (e) => { e.preventDefault(); location.href = href })
    list.appendChild(li)
  }
  const show = (answer) => {
    list.textContent = ''
    for (const p of answer.products || []) option(p.title, p.link, 'product')
    for (const b of answer.brands || []) option(b.value, searchPath + '?brand=' + encodeURIComponent(b.value), 'brand')
    for (const c of answer.categories || []) option(c.value, searchPath + '?q=' + encodeURIComponent(c.value), 'category')
    items = Array.from(list.children)
    list.hidden = items.length === 0
    input.setAttribute('aria-expanded', String(!list.hidden))
    mark(-1)
  }
  const ask = async () => {
    const q = input.value.trim()
    if (q.length < 2) return close()
    const n = ++asked
    try {
      const res = await fetch('/api/search/suggest?limit=5&locale=' + lang + '&q=' + encodeURIComponent(q), { headers: { accept: 'application/json' } })
      if (!res.ok || n !== asked) return
      show(await res.json())
    } catch { close() }
  }
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(ask, 120) })
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return
    if (e.key === 'ArrowDown') { e.preventDefault(); mark((active + 1) % items.length) }
    else if (e.key === 'ArrowUp') { e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1) }
    else if (e.key === 'Escape') close()
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); location.href = items[active].querySelector('a').href }
  })
  input.addEventListener('blur', () => setTimeout(close, 150))
})()
`

export const typeaheadScript = script
