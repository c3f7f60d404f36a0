// Seeds the demo into an empty table, through the same core functions people use, so the
// demo obeys every rule the platform enforces: the users, "What's your problem?" (open for
// EOIs, with partner matching), "Healthy homes, healthy lungs" (closed, part-way through assessment) and "What's
// your problem? (first round)" (its three winners' grants in delivery).
import { addChallenge, addTheme } from '../core/competitions/challenges.js'
import { createCompetition, publishCompetition } from '../core/competitions/competitions.js'
import { addDataPackItem, completeUpload } from '../core/competitions/data-pack.js'
import { addQuestion } from '../core/competitions/form.js'
import type { Ctx } from '../core/context.js'
import { documentKeyOf } from '../core/files/file-store.js'
import { newId } from '../core/ids.js'
import { listCompetitionsByStatus } from '../db/competitions-repo.js'
import { insertUser, listUsersByRole } from '../db/users-repo.js'
import type { FolderFileStore } from '../adapters/folder-file-store.js'
import { seedAssessingDemo } from './seed-assessing.js'
import { seedDeliveryDemo, seedDeliveryProgress } from './seed-delivery.js'
import { seedEventsDemo } from './seed-events.js'
import { seedProgramme } from './seed-funnel.js'
import { seedIntakeDemo } from './seed-intake.js'
import { seedMatchingDemo } from './seed-matching.js'
import { demoChallenges, demoCompetition, demoQuestions, demoThemes, demoUsers } from './seed-data.js'

/** True when there is nothing to lose: no users and no competitions. */
export async function isEmpty(ctx: Ctx): Promise<boolean> {
  const [managers, published, drafts] = await Promise.all([
    listUsersByRole(ctx.db, 'manager', { limit: 1 }),
    listCompetitionsByStatus(ctx.db, 'published', { limit: 1 }),
    listCompetitionsByStatus(ctx.db, 'draft', { limit: 1 }),
  ])
  return !managers.items.length && !published.items.length && !drafts.items.length
}

/** Seeds the demo if the table is empty; returns whether it did. */
export async function seedIfEmpty(ctx: Ctx & { files: FolderFileStore }): Promise<boolean> {
  if (!(await isEmpty(ctx))) return false
  await seedDemo(ctx)
  return true
}

/**
 * Seeds the users and the demo competitions (without `assessing`, only the open one, and the one
 * in delivery only if `delivery` is set: tests and benches that do not need them start faster);
 * returns the open one's id.
 */
export async function seedDemo(
  ctx: Ctx & { files: FolderFileStore },
  { assessing = true, delivery = assessing }: { assessing?: boolean; delivery?: boolean } = {},
): Promise<string> {
  const users = demoUsers.map((user) => ({ id: newId(), ...user }))
  await Promise.all(users.map((user) => insertUser(ctx.db, user)))
  // The competitions share nothing but the users, so they are seeded side by side.
  const [competitionId, , firstRound] = await Promise.all([
    seedOpenCompetition(ctx),
    assessing ? seedAssessingDemo(ctx, users) : undefined,
    delivery
      ? seedDeliveryDemo(ctx, users).then(async (demo) => {
          await Promise.all([seedDeliveryProgress(demo), seedEventsDemo(ctx, demo.competitionId)])
          return demo
        })
      : undefined,
  ])
  if (firstRound) await seedProgramme(ctx, firstRound.competitionId, competitionId)
  if (assessing) await seedIntakeDemo(ctx, users.find((u) => u.role === 'manager')!)
  // After the assessing demo: the businesses that opt in are its applicants' organisations.
  if (assessing) await seedMatchingDemo(ctx, competitionId, users)
  return competitionId
}

/** "What's your problem?", open for expressions of interest. */
async function seedOpenCompetition(ctx: Ctx & { files: FolderFileStore }): Promise<string> {
  const competition = await createCompetition(ctx, demoCompetition(ctx.now()))
  const challengeIds = new Map<string, string>()
  for (const { key, input, dataPack } of demoChallenges) {
    const challenge = await addChallenge(ctx, competition.id, input)
    challengeIds.set(key, challenge.id)
    for (const { bytes, ...item } of dataPack) {
      const content = bytes?.()
      const input = item.kind === 'document' && content ? { ...item, sizeBytes: content.byteLength } : item
      const { item: created } = await addDataPackItem(ctx, competition.id, challenge.id, input)
      if (content && created.kind === 'document') {
        await ctx.files.write(documentKeyOf(competition.id, created), content)
        await completeUpload(ctx, competition.id, created.id)
      }
    }
  }
  for (const theme of demoThemes) {
    await addTheme(ctx, competition.id, {
      title: theme.title,
      description: theme.description,
      challengeIds: theme.challenges.map((key) => challengeIds.get(key)!),
    })
  }
  for (const question of demoQuestions) await addQuestion(ctx, competition.id, question)
  await publishCompetition(ctx, competition.id, competition.version)
  return competition.id
}
