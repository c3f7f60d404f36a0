// The audit scope on its own, for the request middleware: importing it does not load the
// audit trail's reads (audit.ts), so it stays small on every request's cold path.
export { withAuditScope, type AuditScope } from '../../db/audit-scope.js'
