// Readable API docs rendered from the OpenAPI document itself, so they cannot drift
// from the routes. Plain HTML: no scripts, nothing loaded from elsewhere. Code wraps rather than
// scrolling sideways, so a phone never needs a scrolling box a keyboard cannot reach.
type Operation = {
  summary?: string
  description?: string
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown; description?: string }[]
  requestBody?: { content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { description?: string }>
  security?: unknown[]
}
type Document = {
  info: { title: string; description?: string }
  paths?: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, unknown> }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const code = (value: unknown) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`

const problemTypes: [string, string][] = [
  ['validation', '400: the request is malformed; errors[] names each field.'],
  ['bad-request', '400: the body could not be read (not JSON, or no JSON content type).'],
  ['unauthenticated', '401: sign in, or sign in again.'],
  ['forbidden', '403: your role may not do this.'],
  ['not-found', '404: it does not exist, or you cannot see it.'],
  ['version-conflict', '409: someone saved a newer version; reload and retry.'],
  ['state-conflict', '409: not possible in its current state.'],
  ['too-large', '413: the body is too large.'],
  ['rule-violated', '422: a rule of the domain says no; errors[] names each field.'],
  ['deadline-passed', '422: the EOI deadline (or your extension) has passed; nothing can change.'],
  ['publish-blocked', '422: the competition is not complete; errors[] lists what is missing.'],
  [
    'too-many-requests',
    '429: you have made the most changes of this kind allowed for now; nothing was changed; retry after Retry-After seconds.',
  ],
  ['busy', '503: too many concurrent changes; nothing was changed; retry after Retry-After seconds.'],
  ['internal', '500: something went wrong on our side; nothing internal is revealed.'],
]

export function renderDocs(doc: Document): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  )
  const body = operations
    .map(({ path, method, op }) => {
      const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-')
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})${p.description ? `: ${escapeHtml(p.description)}` : ''}</li>`,
        )
        .join('')
      const request = Object.values(op.requestBody?.content ?? {})[0]?.schema
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><strong>${escapeHtml(status)}</strong>: ${escapeHtml(r.description ?? '')}</li>`)
        .join('')
      return `<section aria-labelledby="${id}">
<h3 id="${id}"><code>${method} /api${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>
<p>${escapeHtml(op.description ?? '')}</p>
${op.security?.length ? '<p>Needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>' : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${request ? `<h4>Request body</h4>${code(request)}` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`
    })
    .join('\n')
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section aria-labelledby="schema-${name}"><h3 id="schema-${name}">${escapeHtml(name)}</h3>${code(schema)}</section>`,
    )
    .join('\n')
  const problems = problemTypes
    .map(([slug, text]) => `<dt id="problem-${slug}"><code>${slug}</code></dt><dd>${escapeHtml(text)}</dd>`)
    .join('')
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;overflow-wrap:anywhere;max-width:60rem;margin:0 auto;padding:1rem;color:#0b0c0c}pre{background:#f3f2f1;padding:.75rem;white-space:pre-wrap}section{border-top:1px solid #b1b4b6;margin-top:1rem}a{color:#1d70b8}</style>
</head><body><main>
<h1>${escapeHtml(doc.info.title)}</h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Problem types</h2><dl>${problems}</dl>
<h2>Operations</h2>
${body}
<h2>Schemas</h2>
${schemas}
</main></body></html>`
}
