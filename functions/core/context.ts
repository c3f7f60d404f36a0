// What every core function is given: storage, files, the clock and the site's address. Never read globals.
import type { User } from '../../shared/schemas/user.js'
import type { Db } from '../db/client.js'
import type { FileStore } from './files/file-store.js'

export type Ctx = {
  db: Db
  files: FileStore
  /** Server time; injected so tests can stand on either side of a deadline. */
  now: () => Date
  /** The site's address (its CloudFront domain, or localhost locally): emails link back to its pages. */
  publicUrl: string
}

/** The signed-in caller, or undefined for the public. */
export type Caller = User | undefined

export const isManager = (caller: Caller): boolean => caller?.role === 'manager'
