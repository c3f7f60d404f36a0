// Problem intake's pages, a chunk of their own: problem owners', programme managers' and stakeholders'.
export { MyProblemsPage, OwnerProblemPage, ProposePage } from './owner.js'
export { CurateProblemPage, ManageProblemsPage, RoundPage, RoundsPage } from './manage.js'
export { MyBallotPage, MyRoundsPage, VotePage } from './vote.js'
