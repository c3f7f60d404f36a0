// Not starting a send the function may not live to finish. deliver() claims a message before
// handing it to the transport, so a Lambda timeout between the two would leave it marked sent
// but never sent; refusing the send instead makes deliver() put it back to pending.
import type { Transport } from '../../core/notifications/deliver.js'

/** Thrown instead of sending when too little of the invocation is left; not a failure of the message. */
export class DeadlineNear extends Error {
  override name = 'DeadlineNear'
  constructor(remainingMs: number) {
    super(`Not sending with ${remainingMs} ms of the invocation left`)
  }
}

/**
 * Longest a send can take: the SES client's 2 s connect + 10 s request timeout, twice (the
 * SDK's retry), plus backoff and the undo of the claim if it fails.
 */
export const SEND_MARGIN_MS = 30_000

/** The transport, refusing to start a send when less than `marginMs` of the invocation remains. */
export function beforeDeadline(
  transport: Transport,
  context: { getRemainingTimeInMillis(): number },
  marginMs = SEND_MARGIN_MS,
): Transport {
  return async (message) => {
    const remainingMs = context.getRemainingTimeInMillis()
    if (remainingMs < marginMs) throw new DeadlineNear(remainingMs)
    await transport(message)
  }
}
