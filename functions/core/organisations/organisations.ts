// Applicants' organisations: register one, read and edit your own. Someone else's
// organisation is indistinguishable from one that does not exist.
import type { FieldError } from '../../../shared/schemas/common.js'
import type {
  Organisation,
  OrganisationInput,
  OrganisationPatch,
  SavedOrganisation,
} from '../../../shared/schemas/organisation.js'
import type { User } from '../../../shared/schemas/user.js'
import {
  getMembership,
  getOrganisation,
  getOrganisations,
  insertOrganisation,
  listOrganisationsByCompaniesHouseNumber,
  replaceOrganisation,
} from '../../db/organisations-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'

export async function registerOrganisation(ctx: Ctx, user: User, input: OrganisationInput): Promise<SavedOrganisation> {
  const organisation: Organisation = { ...input, id: newId(), version: 1, createdAt: ctx.now().toISOString() }
  try {
    await insertOrganisation(ctx.db, organisation, user.id)
  } catch (error) {
    if (error instanceof ConditionFailed) {
      throw new StateConflict('You have already registered an organisation. Edit its profile instead.', [
        { field: 'organisation', message: 'is already registered' },
      ])
    }
    throw error
  }
  return withWarnings(ctx, organisation)
}

/** The organisation the user acts for; 404 if they have not registered one. */
export async function getMyOrganisation(ctx: Ctx, user: User): Promise<Organisation> {
  const organisationId = await getMembership(ctx.db, user.id)
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  if (!organisation) throw new NotFound('organisation', 'You have not registered an organisation yet.')
  return organisation
}

export async function editOrganisation(
  ctx: Ctx,
  user: User,
  organisationId: string,
  patch: OrganisationPatch,
): Promise<SavedOrganisation> {
  const [memberOf, current] = await Promise.all([
    getMembership(ctx.db, user.id),
    getOrganisation(ctx.db, organisationId),
  ])
  if (!current || memberOf !== organisationId) throw new NotFound('organisation')
  if (current.version !== patch.version) throw new VersionConflict('organisation profile', current.version)
  const { version, companiesHouseNumber, ...fields } = patch
  const next: Organisation = { ...current, ...fields, version: version + 1 }
  if (companiesHouseNumber === null) delete next.companiesHouseNumber
  else if (companiesHouseNumber !== undefined) next.companiesHouseNumber = companiesHouseNumber
  try {
    await replaceOrganisation(ctx.db, next, version, current.companiesHouseNumber)
  } catch (error) {
    if (error instanceof ConditionFailed) throw new VersionConflict('organisation profile')
    throw error
  }
  return withWarnings(ctx, next)
}

/**
 * A Companies House number another account has registered too is saved (people share
 * companies, and a number can be mistyped either side) but the applicant is told, and
 * programme managers see it beside each EOI (`sharedCompaniesHouseNumbers`).
 */
async function withWarnings(ctx: Ctx, organisation: Organisation): Promise<SavedOrganisation> {
  if (!organisation.companiesHouseNumber) return organisation
  const sharing = await listOrganisationsByCompaniesHouseNumber(ctx.db, organisation.companiesHouseNumber)
  if (!sharing.some((other) => other.organisationId !== organisation.id)) return organisation
  const warning: FieldError = {
    field: 'companiesHouseNumber',
    message:
      'is already registered by another account. If it is yours, carry on: the programme team can see both and may ask which is right.',
  }
  return { ...organisation, warnings: [warning] }
}

/** For programme managers: the organisations among these whose Companies House number another organisation has too, with those others' names. */
export async function sharedCompaniesHouseNumbers(
  ctx: Ctx,
  organisationIds: string[],
): Promise<Map<string, { number: string; otherOrganisations: string[] }>> {
  const organisations = (await getOrganisations(ctx.db, organisationIds)).filter((o) => o.companiesHouseNumber)
  const numbers = [...new Set(organisations.map((o) => o.companiesHouseNumber!))]
  const sharing = new Map(
    await Promise.all(numbers.map(async (n) => [n, await listOrganisationsByCompaniesHouseNumber(ctx.db, n)] as const)),
  )
  const shared = new Map<string, { number: string; otherOrganisations: string[] }>()
  for (const organisation of organisations) {
    const number = organisation.companiesHouseNumber!
    const others = sharing.get(number)!.filter((o) => o.organisationId !== organisation.id)
    if (others.length) shared.set(organisation.id, { number, otherOrganisations: others.map((o) => o.name) })
  }
  return shared
}
