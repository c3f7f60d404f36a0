// The programme manager's pages, a chunk of their own: the public never downloads them.
export { ManageHome } from './manage-home.js'
export { Editor } from './editor.js'
export { Submissions } from './submissions.js'
export { ApplicationDetail } from './application-detail.js'
export { DiSurveyResults } from './di-survey.js'
