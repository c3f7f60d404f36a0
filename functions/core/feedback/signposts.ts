// The competition's signposting directory: support services applicants are pointed to, each
// saying who it is for (by outcome) and which rubric criteria it helps with (topics), and
// tagged, so the feedback draft can suggest the right ones. A directory can be copied from
// another competition, so a programme manager builds it once.
import type { Signpost, SignpostInput, SignpostUpdate } from '../../../shared/schemas/feedback.js'
import type { Criterion } from '../../../shared/schemas/assessing.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { getFeedbackItems, getFeedbackPartition, signpostDelete, signpostPut } from '../../db/feedback-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { readAssessment } from '../assessing/seat.js'

export async function listSignposts(ctx: Ctx, competitionId: string): Promise<Signpost[]> {
  const [aggregate, { signposts }] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getFeedbackPartition(ctx.db, competitionId, { text: false }),
  ])
  if (!aggregate) throw new NotFound('competition')
  return signposts
}

export async function addSignpost(ctx: Ctx, competitionId: string, input: SignpostInput): Promise<Signpost> {
  await assertTopics(ctx, competitionId, input.topics)
  const signpost: Signpost = { id: newId(), competitionId, ...input, version: 1, updatedAt: ctx.now().toISOString() }
  await commit(ctx.db, [signpostPut(ctx.db, signpost, 0)])
  return signpost
}

export async function updateSignpost(
  ctx: Ctx,
  competitionId: string,
  signpostId: string,
  { version, ...input }: SignpostUpdate,
): Promise<Signpost> {
  const { signposts } = await getFeedbackItems(ctx.db, competitionId, { signpostIds: [signpostId] })
  const current = signposts[0]
  if (!current) throw new NotFound('service')
  if (current.version !== version) throw new VersionConflict('service', current.version)
  await assertTopics(ctx, competitionId, input.topics)
  const next: Signpost = {
    ...current,
    url: undefined,
    contact: undefined,
    ...input,
    version: version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  await commit(ctx.db, [signpostPut(ctx.db, next, version)], {
    'signpost-version': () => new VersionConflict('service'),
  })
  return next
}

/** Removes a service from the directory; feedback that already names it keeps its copy. */
export async function removeSignpost(ctx: Ctx, competitionId: string, signpostId: string): Promise<void> {
  await commit(ctx.db, [signpostDelete(ctx.db, competitionId, signpostId)], {
    'signpost-exists': () => new NotFound('service'),
  })
}

/** Copies another competition's services that this directory lacks (by name); returns the directory. */
export async function copySignposts(
  ctx: Ctx,
  competitionId: string,
  fromCompetitionId: string,
): Promise<{ copied: number; signposts: Signpost[] }> {
  if (fromCompetitionId === competitionId)
    throw new RuleViolated('Choose another competition to copy from.', [
      { field: 'fromCompetitionId', message: 'must be another competition' },
    ])
  const [, from, here] = await Promise.all([
    assertCompetition(ctx, fromCompetitionId, 'fromCompetitionId'),
    getFeedbackPartition(ctx.db, fromCompetitionId, { text: false }),
    getFeedbackPartition(ctx.db, competitionId, { text: false, consistent: true }),
  ])
  const [{ rubric: theirs }, { rubric: ours }] = await Promise.all([
    readAssessment(ctx, fromCompetitionId),
    readAssessment(ctx, competitionId),
  ])
  // Topics are the other rubric's criteria: each becomes this rubric's criterion of the same title, or is dropped.
  const ourIdByTitle = new Map(ours.criteria.map((c) => [titleKey(c), c.id]))
  const theirTitleById = new Map(theirs.criteria.map((c) => [c.id, titleKey(c)]))
  const topicsHere = (topics: string[]) => topics.flatMap((id) => ourIdByTitle.get(theirTitleById.get(id) ?? '') ?? [])
  const have = new Set(here.signposts.map((s) => s.name.toLowerCase()))
  const at = ctx.now().toISOString()
  const copies = from.signposts
    .filter((s) => !have.has(s.name.toLowerCase()))
    .map(
      (s): Signpost => ({
        ...s,
        id: newId(),
        competitionId,
        topics: [...new Set(topicsHere(s.topics))],
        version: 1,
        updatedAt: at,
      }),
    )
  // One transaction per 100: a copy is whole or, on a failure part-way, safely repeated (names already present are skipped).
  for (let i = 0; i < copies.length; i += 100)
    await commit(
      ctx.db,
      copies.slice(i, i + 100).map((s) => signpostPut(ctx.db, s, 0)),
    )
  return {
    copied: copies.length,
    signposts: [...here.signposts, ...copies].sort((a, b) => a.name.localeCompare(b.name)),
  }
}

const titleKey = (c: Criterion) => c.title.trim().toLowerCase()

/** The competition exists, and every topic is a criterion of its rubric (422 naming the first that is not). */
async function assertTopics(ctx: Ctx, competitionId: string, topics: string[]) {
  const { rubric } = await readAssessment(ctx, competitionId)
  const criteria = new Set(rubric.criteria.map((c) => c.id))
  const unknown = topics.flatMap((id, i) =>
    criteria.has(id) ? [] : [{ field: `topics.${i}`, message: 'is not a criterion of this competition’s rubric' }],
  )
  if (unknown.length) throw new RuleViolated('Choose topics from this competition’s scoring criteria.', unknown)
}

async function assertCompetition(ctx: Ctx, competitionId: string, field?: string) {
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  if (aggregate) return
  if (field)
    throw new RuleViolated('There is no competition with that id.', [{ field, message: 'is not a competition' }])
  throw new NotFound('competition')
}
