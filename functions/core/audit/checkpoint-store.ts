// Where each competition's chain head is checkpointed daily: an S3 bucket under Object Lock
// (compliance mode) in the cloud, a folder locally. Once written a checkpoint cannot be
// changed or removed, so verify can tell a chain cut back to an older head.

export type Checkpoint = {
  competitionId: string
  /** The head's entry number and hash when the checkpoint was taken. */
  seq: number
  hash: string
  /** When it was taken (UTC ISO). */
  at: string
}

export interface CheckpointStore {
  /** Writes a checkpoint once; it is never overwritten. */
  put(checkpoint: Checkpoint): Promise<void>
  /** The competition's newest checkpoint, if any. */
  latest(competitionId: string): Promise<Checkpoint | undefined>
}

/** A checkpoint's file or object name: counts down as the chain grows, so listing gives the newest first. */
export const checkpointName = (seq: number) => `${String(999_999_999_999 - seq).padStart(12, '0')}.json`
