// CDK entry point (cdk.json "app"). Settings come from context; see infra/config.ts.
import { App } from 'aws-cdk-lib'
import { createChallengeFund } from '../challenge-fund.js'

const app = new App()
createChallengeFund(app)
