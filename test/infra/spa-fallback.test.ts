// The CloudFront Function behind the SPA fallback, run as CloudFront would run it: client
// routes get the app shell, files and the API pass through untouched.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

type Request = { uri: string; method: string }
const source = readFileSync(new URL('../../infra/edge/spa-fallback.js', import.meta.url), 'utf8')
const handler = new Function(`${source}\nreturn handler`)() as (event: { request: Request }) => Request

const rewrite = (uri: string) => handler({ request: { uri, method: 'GET' } }).uri

describe('spa-fallback', () => {
  it.each(['/', '/competitions', '/competitions/c-42/apply', '/signin/callback', '/manage/'])(
    'serves index.html for the client route %s',
    (uri) => expect(rewrite(uri)).toBe('/index.html'),
  )

  it.each(['/index.html', '/assets/app-3f2a.js', '/assets/app.css', '/favicon.ico', '/.well-known/security.txt'])(
    'leaves the file %s alone',
    (uri) => expect(rewrite(uri)).toBe(uri),
  )

  it.each(['/api/competitions', '/api/competitions/c-42', '/api/config'])(
    'never rewrites the API path %s, so its 404/403 problem+json reaches the browser',
    (uri) => expect(rewrite(uri)).toBe(uri),
  )

  it('keeps the rest of the request', () => {
    expect(handler({ request: { uri: '/x', method: 'POST' } })).toEqual({ uri: '/index.html', method: 'POST' })
  })
})
