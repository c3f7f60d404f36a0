// The outbox's delivery outcomes as business metrics: EmailSent once a message is marked sent,
// EmailFailed when the transport refused it (it waits, pending, for the next try). A send not
// started because the invocation was about to time out is not a failure of the email.
import { putMetric } from '../../adapters/metrics.js'
import type { DeliveryObserver } from '../../core/notifications/deliver.js'
import { DeadlineNear } from './deadline.js'

export const countDelivery: DeliveryObserver = (outcome, error) => {
  if (outcome === 'sent') putMetric('EmailSent')
  else if (outcome === 'failed' && !(error instanceof DeadlineNear)) putMetric('EmailFailed')
}
