// The applicant's pages, a chunk of their own: loaded when someone starts applying.
export { OrganisationPage } from './organisation.js'
export { MyApplications } from './my-applications.js'
export { ApplicationPage } from './application-form.js'
export { ReceiptPage } from './receipt.js'
export { DecisionPage } from './decision.js'
export { Mailbox } from './mailbox.js'
export { ReportPage } from './grant/report.js'
