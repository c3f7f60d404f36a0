// Applicants' organisations: register one, read and edit your own. Someone else's
// organisation is indistinguishable from one that does not exist.
import type { Organisation, OrganisationInput, OrganisationPatch } from '../../../shared/schemas/organisation.js'
import type { User } from '../../../shared/schemas/user.js'
import { getMembership, getOrganisation, insertOrganisation, replaceOrganisation } from '../../db/organisations-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'

export async function registerOrganisation(ctx: Ctx, user: User, input: OrganisationInput): Promise<Organisation> {
  const organisation: Organisation = { ...input, id: newId(), version: 1, createdAt: ctx.now().toISOString() }
  try {
    await insertOrganisation(ctx.db, organisation, user.id)
  } catch (error) {
    if (error instanceof ConditionFailed) {
      throw new StateConflict('You have already registered an organisation. Edit its profile instead.', [{ field: 'organisation', message: 'is already registered' }])
    }
    throw error
  }
  return organisation
}

/** The organisation the user acts for; 404 if they have not registered one. */
export async function getMyOrganisation(ctx: Ctx, user: User): Promise<Organisation> {
  const organisationId = await getMembership(ctx.db, user.id)
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  if (!organisation) throw new NotFound('organisation', 'You have not registered an organisation yet.')
  return organisation
}

export async function editOrganisation(ctx: Ctx, user: User, organisationId: string, patch: OrganisationPatch): Promise<Organisation> {
  const [memberOf, current] = await Promise.all([getMembership(ctx.db, user.id), getOrganisation(ctx.db, organisationId)])
  if (!current || memberOf !== organisationId) throw new NotFound('organisation')
  if (current.version !== patch.version) throw new VersionConflict('organisation profile', current.version)
  const { version, companiesHouseNumber, ...fields } = patch
  const next: Organisation = { ...current, ...fields, version: version + 1 }
  if (companiesHouseNumber === null) delete next.companiesHouseNumber
  else if (companiesHouseNumber !== undefined) next.companiesHouseNumber = companiesHouseNumber
  try {
    await replaceOrganisation(ctx.db, next, version)
  } catch (error) {
    if (error instanceof ConditionFailed) throw new VersionConflict('organisation profile')
    throw error
  }
  return next
}
