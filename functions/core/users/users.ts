// The signed-in person: who the token says they are, with the name they gave us, which
// replaces the one their sign-in made up (an email's first part, such as "founder4975").
import type { User, YourDetails } from '../../../shared/schemas/user.js'
import { getUser, saveUserName } from '../../db/users-repo.js'
import type { Ctx } from '../context.js'

/** The caller, with the name they gave us if they gave one. */
export async function whoAmI(ctx: Ctx, user: User): Promise<User> {
  const stored = await getUser(ctx.db, user.id)
  return stored ? { ...user, name: stored.name } : user
}

export async function saveMyDetails(ctx: Ctx, user: User, details: YourDetails): Promise<User> {
  return saveUserName(ctx.db, user, details.name)
}
