// Web addresses as people type them: "example.org" is a web address too. Runtime-free, so the
// browser checks what it sends exactly as the API checks what it saves.

/** What to tell someone whose web address cannot be saved. */
export const WEB_ADDRESS_MESSAGE = 'must be a web address, like example.org or https://example.org/about'

/**
 * The address as saved: trimmed, with `https://` added when no scheme was typed
 * ("example.org" → "https://example.org"); undefined if it is not an http(s) address of a
 * named host (no spaces, a dot in the host name, nothing like `javascript:` or `mailto:`).
 */
export function normaliseWebAddress(typed: string): string | undefined {
  const trimmed = typed.trim()
  if (!trimmed || trimmed.length > 2000 || /\s/.test(trimmed)) return undefined
  const hasScheme = /^[a-z][a-z\d+.-]*:(?!\d)/i.test(trimmed)
  if (hasScheme && !/^https?:\/\//i.test(trimmed)) return undefined
  const address = hasScheme ? trimmed : `https://${trimmed.replace(/^\/\//, '')}`
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return undefined
  }
  if (url.username || url.password) return undefined
  const labels = url.hostname.split('.')
  if (
    labels.length < 2 ||
    labels.some((label) => !label) ||
    !/^(?:[a-z]{2,63}|xn--[a-z\d-]+)$/i.test(labels[labels.length - 1]!)
  )
    return undefined
  return address
}
