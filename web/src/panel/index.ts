// The panellist's pages, a chunk of their own: invitations, declarations and scoring.
export { MyPanelsPage } from './my-panels.js'
export { DeclarationsPage } from './declarations.js'
export { ScorePage } from './score.js'
