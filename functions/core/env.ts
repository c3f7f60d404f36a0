// A function's environment, read once at cold start with plain checks: a misconfigured function
// fails loudly there, not per request. Not zod, so a function that validates nothing else does
// not load it (the API loads it with its first route).

/** Each variable is a URL, an email address, or text of at least so many characters; or unset or a URL. */
export type EnvRule = number | 'url' | 'email' | 'optional url'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The variables named, checked; throws naming every one that is missing or not valid. */
export function readEnv<Name extends string>(
  rules: Record<Name, EnvRule>,
  source: Record<string, string | undefined> = process.env,
): Record<Name, string> {
  const problems: string[] = []
  const values = {} as Record<Name, string>
  for (const [name, rule] of Object.entries(rules) as [Name, EnvRule][]) {
    const value = source[name] ?? ''
    const valid =
      rule === 'optional url'
        ? !value || URL.canParse(value)
        : rule === 'url'
          ? URL.canParse(value)
          : rule === 'email'
            ? EMAIL.test(value)
            : value.length >= rule
    if (!valid)
      problems.push(
        `${name} must be ${rule === 'url' || rule === 'optional url' ? 'a URL' : rule === 'email' ? 'an email address' : `at least ${rule} characters`}`,
      )
    values[name] = value
  }
  if (problems.length) throw new Error(`This function's environment is not valid: ${problems.join('; ')}`)
  return values
}
