// CSV exports of a competition, as the exports page lists them.
import * as z from 'zod/mini'
import { meta } from './meta.js'

export const ExportList = meta(
  z.object({
    exports: z.array(
      z.object({
        /** As in `/exports/{name}.csv`. */
        name: z.string(),
        title: z.string(),
        /** What a row is and what it holds. */
        holds: z.string(),
        /** The download's address under the site (needs the manager's bearer token). */
        href: z.string(),
      }),
    ),
  }),
  { id: 'ExportList' },
)
export type ExportList = z.infer<typeof ExportList>
