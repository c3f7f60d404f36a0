// Recording that an organisation engaged with a competition, once per organisation however
// it is spelt: kept apart from the funnel's reads so the features that engage people (questions,
// EOIs, events) do not import the funnel that reads their counters.
import { type Engagement, recordEngagement } from '../../db/funnel-repo.js'
import type { Ctx } from '../context.js'
import { log } from '../log.js'
import { organisationKey } from './organisation-key.js'

/**
 * Records that an organisation engaged with a competition (asked a question, started an EOI,
 * confirmed a place at or attended one of its events),
 * counted once per organisation. Called after the action it records has been saved: a failure
 * here is logged and does not undo that action.
 */
export async function engage(
  ctx: Ctx,
  competitionId: string,
  organisationName: string,
  via: Engagement['via'],
): Promise<void> {
  const key = organisationKey(organisationName)
  if (!key) return
  try {
    await recordEngagement(ctx.db, competitionId, {
      key,
      name: organisationName,
      via,
      at: ctx.now().toISOString(),
    })
  } catch (error) {
    log.error('engagement not recorded', { competitionId, via, error: String(error) })
  }
}
