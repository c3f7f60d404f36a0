// The local checkpoint store: a folder, one file per checkpoint, written once (never
// overwritten), as the cloud's Object Lock bucket keeps them.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkpointName, type Checkpoint, type CheckpointStore } from '../core/audit/checkpoint-store.js'

export function createFolderCheckpointStore(dir: string): CheckpointStore {
  const folder = (competitionId: string) => join(dir, encodeURIComponent(competitionId))
  return {
    async put(checkpoint) {
      await mkdir(folder(checkpoint.competitionId), { recursive: true })
      // 'wx': fails if the file exists, so a checkpoint is never rewritten.
      await writeFile(
        join(folder(checkpoint.competitionId), checkpointName(checkpoint.seq)),
        JSON.stringify(checkpoint),
        {
          flag: 'wx',
        },
      )
    },
    async latest(competitionId) {
      const names = await readdir(folder(competitionId)).catch(() => [] as string[])
      // Names count down as the chain grows, so the first in order is the newest.
      const newest = names.filter((name) => name.endsWith('.json')).sort()[0]
      if (!newest) return undefined
      return JSON.parse(await readFile(join(folder(competitionId), newest), 'utf8')) as Checkpoint
    },
  }
}
