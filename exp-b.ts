import { buildLambda } from './infra/constructs/bundling.js'
buildLambda(process.argv[2]!, process.argv[3]!, process.cwd())
