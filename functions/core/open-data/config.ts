// Who publishes a deployment's open data, and under which 360Giving prefix: set per deployment
// (the API function's environment, from CDK context), with local defaults for `npm start`.
import * as z from 'zod/mini'

export type OpenDataConfig = {
  /** The publisher's 360Giving prefix without `360G-` (ids are `360G-<prefix>-<id>`), as 360Giving assigned it. */
  prefix: string
  /** The funder named on every grant and as the package's publisher: an org-id.guide identifier and a name. */
  funder: { id: string; name: string }
  /** Where the grants' beneficiaries are: the region the deployment's competitions serve. */
  region: { name: string; countryCode: string; geoCode?: string; geoCodeType?: string }
  /** The licence the data is published under (its canonical address). */
  licence: string
}

const Prefix = z.pipe(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((s) => s.replace(/^360G-/i, '')),
  ),
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'must be letters, digits and hyphens')),
)

const Env = z.object({
  OPEN_DATA_PREFIX: z._default(Prefix, 'challenge-fund-unregistered'),
  OPEN_DATA_FUNDER_ID: z.optional(z.string().check(z.trim(), z.minLength(1))),
  OPEN_DATA_FUNDER_NAME: z._default(
    z.string().check(z.trim(), z.minLength(1)),
    'Liverpool City Region Civic Data Cooperative',
  ),
  OPEN_DATA_REGION_NAME: z._default(z.string().check(z.trim(), z.minLength(1)), 'Liverpool City Region'),
  OPEN_DATA_REGION_COUNTRY: z._default(z.string().check(z.regex(/^[A-Z]{2}$/)), 'GB'),
  OPEN_DATA_REGION_GEOCODE: z.optional(z.string().check(z.trim(), z.minLength(1))),
  OPEN_DATA_REGION_GEOCODE_TYPE: z.optional(z.string().check(z.trim(), z.minLength(1))),
  OPEN_DATA_LICENCE: z._default(z.url(), 'https://creativecommons.org/licenses/by/4.0/'),
})

/**
 * The open-data settings from environment variables (`OPEN_DATA_*`), each optional: without them
 * a prefix that says it is not yet registered (`challenge-fund-unregistered`), the demo's funder and region, and CC BY 4.0. A funder
 * with no registered identifier gets `360G-<prefix>-funder`. Invalid values fail at start-up.
 */
export function openDataConfig(env: Record<string, string | undefined>): OpenDataConfig {
  const e = Env.parse(env)
  return {
    prefix: e.OPEN_DATA_PREFIX,
    funder: { id: e.OPEN_DATA_FUNDER_ID ?? `360G-${e.OPEN_DATA_PREFIX}-funder`, name: e.OPEN_DATA_FUNDER_NAME },
    region: {
      name: e.OPEN_DATA_REGION_NAME,
      countryCode: e.OPEN_DATA_REGION_COUNTRY,
      ...(e.OPEN_DATA_REGION_GEOCODE ? { geoCode: e.OPEN_DATA_REGION_GEOCODE } : {}),
      ...(e.OPEN_DATA_REGION_GEOCODE_TYPE ? { geoCodeType: e.OPEN_DATA_REGION_GEOCODE_TYPE } : {}),
    },
    licence: e.OPEN_DATA_LICENCE,
  }
}
