// The 360Giving settings of a deployment: CDK context (`-c openDataPrefix=…`) reaches the API
// function as OPEN_DATA_* (which functions/api/lambda.ts reads), and a bad value fails the synth.
import { describe, expect, it } from 'vitest'
import { openDataConfig } from '../../functions/core/open-data/config.js'
import { synthApp } from './app-fixture.js'

const apiVariables = (context: Record<string, unknown>) => {
  const { templates } = synthApp({ webDist: false, context })
  const [fn] = Object.values(templates.api.findResources('AWS::Lambda::Function'))
  return fn!.Properties.Environment.Variables as Record<string, unknown>
}

describe('open data settings', () => {
  it('passes the prefix, funder and region from context to the API', () => {
    const variables = apiVariables({
      openDataPrefix: '360G-lcrcdc',
      openDataFunderId: 'GB-COH-01234567',
      openDataFunderName: 'Liverpool City Region Civic Data Cooperative',
      openDataRegionGeoCode: 'E47000004',
    })
    expect(variables).toMatchObject({
      OPEN_DATA_PREFIX: '360G-lcrcdc',
      OPEN_DATA_FUNDER_ID: 'GB-COH-01234567',
      OPEN_DATA_FUNDER_NAME: 'Liverpool City Region Civic Data Cooperative',
      OPEN_DATA_REGION_GEOCODE: 'E47000004',
    })
    expect(openDataConfig(variables as Record<string, string>)).toMatchObject({
      prefix: 'lcrcdc',
      funder: { id: 'GB-COH-01234567' },
      region: { name: 'Liverpool City Region', countryCode: 'GB', geoCode: 'E47000004' },
    })
  })

  it('refuses a prefix that cannot be part of a 360Giving id, at synth', () => {
    expect(() => apiVariables({ openDataPrefix: 'not a prefix!' })).toThrow(/must be letters, digits and hyphens/)
  })

  it('falls back to the local defaults, the funder id made from the prefix', () => {
    expect(openDataConfig({})).toEqual({
      prefix: 'challenge-fund-unregistered',
      funder: { id: '360G-challenge-fund-unregistered-funder', name: 'Liverpool City Region Civic Data Cooperative' },
      region: { name: 'Liverpool City Region', countryCode: 'GB' },
      licence: 'https://creativecommons.org/licenses/by/4.0/',
    })
  })
})
