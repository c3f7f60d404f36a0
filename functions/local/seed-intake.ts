// The demo's problem intake: a problem owner at a public body, invited by a programme manager,
// with three problems proposed: two published for prioritisation, one waiting on an answer to
// the manager's question. Seeded through the same core functions people use.
import type { User } from '../../shared/schemas/user.js'
import type { Ctx } from '../core/context.js'
import { newId } from '../core/ids.js'
import { askForMore, inviteOwner, proposeProblem, publishProblem } from '../core/intake/problems.js'
import { insertUser } from '../db/users-repo.js'

const commitment = { leadName: 'Dr Nadia Rahman', time: 'Half a day a week for six months', pilotSite: 'Bootle' }

export async function seedIntakeDemo(ctx: Ctx, manager: User): Promise<void> {
  const owner: User = {
    id: newId(),
    email: 'public.health@sefton.example',
    name: 'Dr Nadia Rahman',
    role: 'problemOwner',
  }
  await insertUser(ctx.db, owner)
  await inviteOwner(ctx, manager, {
    email: owner.email,
    name: owner.name,
    organisation: 'Sefton Council, Public Health',
  })
  const propose = (title: string, statement: string, description: string, affects: string, contributionPence: number) =>
    proposeProblem(ctx, owner, {
      title,
      statement,
      description,
      affects,
      evidence: [
        {
          title: `${title}: what we hold`,
          description: 'Aggregated by ward, refreshed monthly.',
          url: 'https://data.sefton.example/public-health',
          accessLevel: 'restricted',
        },
      ],
      commitment,
      contributionPence,
    })
  const falls = await propose(
    'Falls at home',
    'How might we spot older people at risk of a fall before it happens?',
    'Falls are the commonest reason older residents are admitted to hospital, and many follow an earlier, unreported fall.',
    'Residents over 65 living alone, their families, and the ambulance service.',
    1_000_000,
  )
  const damp = await propose(
    'Damp and mould in rented homes',
    'How might we find rented homes where damp and mould are harming health?',
    'Complaints reach us late, after a child or older tenant is already unwell.',
    'Tenants in private rented homes, especially young children.',
    500_000,
  )
  const isolation = await propose(
    'Loneliness after bereavement',
    'How might we reach people who become isolated after losing a partner?',
    'Bereaved residents often lose touch with services in the months that follow.',
    'Bereaved residents, mostly over 70.',
    0,
  )
  await publishProblem(ctx, falls.id, { expectedCostPence: 2_000_000, version: falls.version })
  await publishProblem(ctx, damp.id, { expectedCostPence: 2_500_000, version: damp.version })
  await askForMore(ctx, manager, isolation.id, {
    question: 'Which services do you see people drop out of, and when?',
    version: isolation.version,
  })
}
