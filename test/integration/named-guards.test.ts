// A refused transaction says which rules did not hold by name, so what a user is told never
// depends on the order of the writes: run against DynamoDB Local, with the repos' own writes.
import { beforeAll, describe, expect, it } from 'vitest'
import { blankRubric, candidateShortlisted, rubricPut, schedulePut } from '../../functions/db/assessing-repo.js'
import { outboxPut } from '../../functions/db/outbox-repo.js'
import { commit, ConditionFailed, write } from '../../functions/db/write.js'
import { newId } from '../../functions/core/ids.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

const email = () =>
  outboxPut(p.db, {
    id: newId(),
    to: 'someone@example.org',
    kind: 'test',
    subject: 'Hello',
    text: 'Hello',
    createdAt: new Date().toISOString(),
    status: 'pending',
  })

/** A schedule write at version 0 for a competition that already has one: its guard fails. */
async function staleSchedule() {
  const competitionId = newId()
  await commit(p.db, [schedulePut(p.db, { competitionId, slots: [], version: 1 }, 0)])
  return schedulePut(p.db, { competitionId, slots: [], version: 2 }, 0)
}

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('the transaction went through')
}

describe('named guards', () => {
  it('names the rule that failed, whatever its place among the writes', async () => {
    const first = await refusal(async () => commit(p.db, [await staleSchedule(), email()]))
    const last = await refusal(async () => commit(p.db, [email(), email(), await staleSchedule()]))
    for (const error of [first, last]) {
      expect(error).toBeInstanceOf(ConditionFailed)
      expect((error as ConditionFailed).guard).toBe('schedule-version')
      expect((error as ConditionFailed).guards).toEqual(['schedule-version'])
    }
  })

  it('names every rule that failed, and the refusal listed first among them decides the error, in either order of writes', async () => {
    const missing = candidateShortlisted(p.db, newId(), newId())
    const stale = await staleSchedule()
    const refusals = {
      'still-shortlisted': () => new Error('off the shortlist'),
      'schedule-version': () => new Error('schedule changed'),
    }
    for (const writes of [
      [missing, stale],
      [stale, missing],
    ]) {
      const error = await refusal(() => commit(p.db, writes, refusals))
      expect((error as Error).message).toBe('off the shortlist')
      const raw = await refusal(() => commit(p.db, writes))
      expect([...(raw as ConditionFailed).guards].sort()).toEqual(['schedule-version', 'still-shortlisted'])
    }
  })

  it("gives each refusal the item its own write found, not only the first failure's", async () => {
    const competitionId = newId()
    const rubric = { ...blankRubric(competitionId), version: 1 }
    await commit(p.db, [rubricPut(p.db, rubric, 0)])
    const writes = [candidateShortlisted(p.db, competitionId, newId()), rubricPut(p.db, { ...rubric, version: 2 }, 0)]
    const error = await refusal(() =>
      commit(p.db, writes, { 'rubric-version': (was) => new Error(`the rubric was at version ${was?.version}`) }),
    )
    expect((error as Error).message).toBe('the rubric was at version 1')
  })

  it('writes nothing when a guard fails: the unguarded writes beside it are undone too', async () => {
    const message = {
      id: newId(),
      to: 'kept-out@example.org',
      kind: 'test',
      subject: 'Not sent',
      text: 'Not sent',
      createdAt: new Date().toISOString(),
      status: 'pending' as const,
    }
    await refusal(async () => commit(p.db, [outboxPut(p.db, message), await staleSchedule()]))
    // The same message id can still be written: the first attempt left nothing behind.
    await expect(commit(p.db, [outboxPut(p.db, message)])).resolves.toBeUndefined()
  })

  it('refuses to build a conditional write without a name, so no failure can come back unnamed', () => {
    expect(() =>
      write({
        ConditionCheck: {
          TableName: p.db.tableName,
          Key: { pk: 'X', sk: 'Y' },
          ConditionExpression: 'attribute_exists(pk)',
        },
      }),
    ).toThrow(/must name its guard/)
  })

  it('bounds a transaction at 100 writes before sending it', async () => {
    await expect(commit(p.db, Array.from({ length: 101 }, email))).rejects.toThrow(/at most 100/)
  })
})
