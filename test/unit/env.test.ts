// A function's environment is checked once at cold start, naming every variable that is wrong.
import { describe, expect, it } from 'vitest'
import { readEnv } from '../../functions/core/env.js'

const rules = { TABLE_NAME: 3, PUBLIC_URL: 'url', MAIL_FROM: 'email' } as const

describe('readEnv', () => {
  it('returns the variables when each holds', () => {
    const source = {
      TABLE_NAME: 'cf-table',
      PUBLIC_URL: 'https://fund.example',
      MAIL_FROM: 'no-reply@fund.example',
      X: 'y',
    }
    expect(readEnv(rules, source)).toEqual({
      TABLE_NAME: 'cf-table',
      PUBLIC_URL: 'https://fund.example',
      MAIL_FROM: 'no-reply@fund.example',
    })
  })

  it('throws naming every variable that is missing, too short, not a URL or not an email address', () => {
    expect(() => readEnv(rules, { TABLE_NAME: 'cf', PUBLIC_URL: 'fund.example' })).toThrow(
      "This function's environment is not valid: TABLE_NAME must be at least 3 characters; PUBLIC_URL must be a URL; MAIL_FROM must be an email address",
    )
  })

  it('leaves an optional URL empty when unset, and refuses one set to something else', () => {
    const optional = { AWS_ENDPOINT_URL_S3: 'optional url' } as const
    expect(readEnv(optional, {})).toEqual({ AWS_ENDPOINT_URL_S3: '' })
    expect(readEnv(optional, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' })).toEqual({
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
    })
    expect(() => readEnv(optional, { AWS_ENDPOINT_URL_S3: '127.0.0.1:4569' })).toThrow(
      "This function's environment is not valid: AWS_ENDPOINT_URL_S3 must be a URL",
    )
  })
})
