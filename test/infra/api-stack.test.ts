// The api stack: the Hono app as one arm64 nodejs22.x function with the environment the
// handler parses, a catch-all route, least-privilege IAM, and a bundle that is ESM, minified,
// source-mapped, carries its own AWS SDK and is byte-identical to the bench's build.
import type { Template } from 'aws-cdk-lib/assertions'
import type { CloudAssembly } from 'aws-cdk-lib/cx-api'
import type { Metafile } from 'esbuild'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, join, relative } from 'node:path'
import { execFile } from 'node:child_process'
import type { KeyObject } from 'node:crypto'
import { createServer } from 'node:http'
import { promisify } from 'node:util'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { newId } from '../../functions/core/ids.js'
import { createDb } from '../../functions/db/client.js'
import { ensureTable } from '../../functions/local/ensure-table.js'
import { tableDefinition } from '../../functions/db/table.js'
import { buildLambda, createRequireBanner, loadedWith } from '../../infra/constructs/bundling.js'
import { paths } from '../../infra/paths.js'
import { surveyTableActions, tableItemActions } from '../../infra/stacks/api-stack.js'
import { synthApp } from './app-fixture.js'

let api: Template
let assembly: CloudAssembly

beforeAll(() => {
  const synthesised = synthApp({ webDist: false, bundle: true })
  api = synthesised.templates.api
  assembly = synthesised.assembly
})

type Statement = { Effect: string; Action: string | string[]; Resource: unknown }

const lambdaFunction = () => {
  const functions = Object.values(api.findResources('AWS::Lambda::Function'))
  expect(functions).toHaveLength(1)
  return functions[0]!.Properties as Record<string, any>
}

const statements = (): Statement[] =>
  Object.values(api.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement)

const actionsOf = (statement: Statement) => [statement.Action].flat()

describe('function', () => {
  it('runs nodejs22.x on arm64, traced, with sane limits and no physical name', () => {
    const fn = lambdaFunction()
    expect(fn.Runtime).toBe('nodejs22.x')
    expect(fn.Architectures).toEqual(['arm64'])
    expect(fn.Handler).toBe('index.handler')
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' })
    expect(fn.MemorySize).toBe(1024)
    expect(fn.Timeout).toBeLessThan(30)
    expect(fn.FunctionName).toBeUndefined()
  })

  it('gets the environment functions/api/lambda.ts parses, and source maps on', () => {
    const variables = lambdaFunction().Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(
      [
        'AUDIT_CHECKPOINT_BUCKET',
        'AUDIT_KEY',
        'AUTH_AUDIENCE',
        'AUTH_ISSUER',
        'AUTH_JWKS_URL',
        'COGNITO_DOMAIN',
        'CURSOR_SECRET',
        'FILES_BUCKET',
        'METRICS_NAMESPACE',
        'NODE_OPTIONS',
        'ORIGIN_VERIFY_SECRET',
        'PUBLIC_URL',
        'TABLE_NAME',
        'USER_POOL_ID',
        'DI_SURVEY_TABLE_NAME',
      ].sort(),
    )
    expect(variables.NODE_OPTIONS).toBe('--enable-source-maps')
    const text = (key: string) => JSON.stringify(variables[key])
    expect(text('TABLE_NAME')).toMatch(/RefTable/)
    expect(text('FILES_BUCKET')).toMatch(/RefFilesBucket/)
    expect(text('AUTH_ISSUER')).toMatch(/UserPool\w*ProviderURL/)
    expect(text('AUTH_JWKS_URL')).toMatch(/UserPool\w*ProviderURL.*\/\.well-known\/jwks\.json/)
    expect(text('AUTH_AUDIENCE')).toMatch(/RefWebClient/)
    expect(text('DI_SURVEY_TABLE_NAME')).toMatch(/RefSurveyTable/)
    expect(text('USER_POOL_ID')).toMatch(/RefUserPool/)
    expect(text('COGNITO_DOMAIN')).toMatch(/https:\/\/.*HostedUi.*\.auth\..*\.amazoncognito\.com/)
    // Emails link to the site: the web stack's distribution domain (its export).
    expect(text('PUBLIC_URL')).toMatch(/https:\/\/.*Distribution\w*DomainName/)
    // Secrets arrive as deploy-time dynamic references, never as values in the template.
    expect(text('ORIGIN_VERIFY_SECRET')).toMatch(
      /\{\{resolve:secretsmanager:.*OriginVerifySecret.*:SecretString:::\}\}/,
    )
    expect(text('CURSOR_SECRET')).toMatch(/\{\{resolve:secretsmanager:.*CursorSecret.*:SecretString:::\}\}/)
  })

  it('logs to its own log group with a retention period', () => {
    const [logGroupId, logGroup] = Object.entries(api.findResources('AWS::Logs::LogGroup'))[0]!
    expect(logGroup.Properties.RetentionInDays).toBe(90)
    expect(lambdaFunction().LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } })
  })
})

describe('route', () => {
  it('sends every request to the function through one $default route', () => {
    api.resourceCountIs('AWS::ApiGatewayV2::Route', 1)
    api.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default', AuthorizationType: 'NONE' })
    api.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    })
    api.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
    })
  })
})

describe('IAM', () => {
  it('grants no "*" action, no service-wide wildcard and never dynamodb:Scan', () => {
    for (const action of statements().flatMap(actionsOf)) {
      expect(action).not.toBe('*')
      expect(action).not.toMatch(/:\*$/)
      expect(action.toLowerCase()).not.toBe('dynamodb:scan')
    }
  })

  it('uses Resource "*" only for the X-Ray actions, which have no resource-level form', () => {
    const starred = statements().filter((statement) => [statement.Resource].flat().includes('*'))
    expect(starred.flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'])
  })

  it('grants the item actions on the table and Query on each index of tableDefinition', () => {
    const dynamo = statements().filter(
      (statement) =>
        actionsOf(statement).some((a) => a.startsWith('dynamodb:')) &&
        !JSON.stringify(statement.Resource).includes('SurveyTable'),
    )
    expect(dynamo).toHaveLength(2)
    const onTable = dynamo.find((statement) => actionsOf(statement).length > 1)!
    expect(actionsOf(onTable).sort()).toEqual([...tableItemActions].sort())
    const onIndexes = dynamo.find((statement) => actionsOf(statement).length === 1)!
    expect(actionsOf(onIndexes)).toEqual(['dynamodb:Query'])
    const indexResources = JSON.stringify(onIndexes.Resource)
    for (const index of tableDefinition.globalSecondaryIndexes)
      expect(indexResources).toContain(`/index/${index.indexName}`)
    expect(indexResources).not.toContain('/index/*')
  })

  it('may only add to, close and read the survey table: no Get, Update or Delete, and no other table’s actions', () => {
    const onSurvey = statements().filter((statement) => JSON.stringify(statement.Resource).includes('SurveyTable'))
    expect(onSurvey).toHaveLength(1)
    expect(actionsOf(onSurvey[0]!).sort()).toEqual([...surveyTableActions].sort())
    expect(JSON.stringify(onSurvey[0]!.Resource)).not.toContain('/index/')
  })

  it('grants every table action the API’s code uses, and no other', () => {
    // Commands the document client sends, and the kinds of item inside a transaction.
    const source = ['functions/db', 'functions/core', 'functions/api']
      .flatMap((dir) =>
        readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.ts'))
          .map((f) => readFileSync(join(dir, f), 'utf8')),
      )
      .join('\n')
    const used = new Set<string>()
    const commandActions: Record<string, string> = {
      Get: 'GetItem',
      BatchGet: 'BatchGetItem',
      Query: 'Query',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
    }
    for (const [, command] of source.matchAll(/new (\w+)Command\(/g))
      if (commandActions[command!]) used.add(`dynamodb:${commandActions[command!]}`)
    const transactActions: Record<string, string> = {
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
    }
    for (const [, kind] of source.matchAll(/\b(Put|Update|Delete|ConditionCheck): \{/g))
      used.add(`dynamodb:${transactActions[kind!]}`)
    expect([...used].sort()).toEqual([...tableItemActions].sort())
  })

  it('cannot send email: only the outbox mailer (events stack) may call SES', () => {
    expect(
      statements()
        .flatMap(actionsOf)
        .filter((action) => action.toLowerCase().startsWith('ses:')),
    ).toEqual([])
  })

  it('uses no AWS managed policy; files access comes from the data stack policy', () => {
    const [role] = Object.values(api.findResources('AWS::IAM::Role'))
    const managed = JSON.stringify(role!.Properties.ManagedPolicyArns)
    expect(managed).not.toMatch(/iam::aws:policy/)
    expect(managed).toMatch(/FilesObjectAccess/)
  })
})

/** The bench's build of the same entry, made once for the tests that need it. */
let benchResult: Promise<{ outdir: string; metafile: Metafile }> | undefined
const benchBuild = () =>
  (benchResult ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'challenge-fund-bench-'))
    return { outdir, metafile: buildLambda(paths.apiEntry, outdir, paths.repoRoot) }
  })())

/** Every file under `dir`, by its path inside it, with its bytes. */
const filesUnder = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name)
        return [relative(dir, path), readFileSync(path, 'utf8')]
      }),
  )

const ISSUER = 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test'
const AUDIENCE = 'client-id'

describe('bundle', () => {
  const deployedAsset = () => {
    const key = lambdaFunction().Code.S3Key as string
    return join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`)
  }

  it('is ESM with the createRequire banner, minified, with a linked source map, in every chunk', () => {
    const files = filesUnder(deployedAsset())
    const code = Object.keys(files).filter((path) => path.endsWith('.mjs'))
    expect(code).toContain('index.mjs')
    // The route modules (and the adapters) are chunks the handler loads on first use.
    expect(code.length).toBeGreaterThan(25)
    for (const path of code) {
      expect(files[path]!.startsWith(createRequireBanner), path).toBe(true)
      expect(files[path]!.trimEnd().endsWith(`//# sourceMappingURL=${basename(path)}.map`), path).toBe(true)
      expect(files[`${path}.map`], path).toBeDefined()
      // Minified: the whole chunk on a handful of very long lines.
      expect(files[path]!.split('\n').length, path).toBeLessThan(200)
    }
  })

  it('is byte-identical to what buildLambda builds for the bench (the bench measures what ships)', async () => {
    const bench = await benchBuild()
    expect(filesUnder(deployedAsset())).toEqual(filesUnder(bench.outdir))
  })

  it('loads no route module, zod, jose or adapter at start: each comes with the first request that needs it', async () => {
    const { metafile } = await benchBuild()
    const start = loadedWith(metafile, ['index.mjs'])
    const inputs = [...start].flatMap((path) => Object.keys(metafile.outputs[path]!.inputs))
    expect(
      inputs.filter((input) => /functions\/api\/routes\/|functions\/adapters\/|node_modules\/(zod|jose)\//.test(input)),
    ).toEqual([])
    // Each route module is a chunk of its own.
    const chunks = Object.values(metafile.outputs).map((output) => output.entryPoint)
    for (const module of readdirSync(join(paths.repoRoot, 'functions/api/routes')).filter((f) => f !== 'params.ts'))
      expect(chunks, module).toContain(`functions/api/routes/${module}`)
  })

  /** The environment the stack sets (its values made up), with the table and issuer given. */
  const lambdaEnv = (tableName: string, jwksUrl: string) => ({
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: tableName,
    DI_SURVEY_TABLE_NAME: `${tableName}-di-survey`,
    FILES_BUCKET: 'files-bucket',
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_URL: jwksUrl,
    COGNITO_DOMAIN: 'https://test.auth.eu-west-2.amazoncognito.com',
    USER_POOL_ID: 'eu-west-2_test',
    PUBLIC_URL: 'https://fund.example',
    ORIGIN_VERIFY_SECRET: 'origin-verify-secret-of-32-characters-or-more',
    CURSOR_SECRET: 'cursor-secret-of-32-characters-or-more',
    AUDIT_KEY: 'audit-key-of-32-characters-or-more-xxxx',
    AUDIT_CHECKPOINT_BUCKET: 'checkpoints-bucket',
  })

  /**
   * A fresh Node process imports the asset's index.mjs and calls the handler as API Gateway
   * would (payload 2.0), once per request in `requests`; returns each status, content type and body.
   */
  async function callDeployed(
    env: Record<string, string>,
    requests: { method: string; path: string; token?: string; body?: unknown }[],
  ): Promise<{ statusCode: number; type: string; body: any }[]> {
    const script = `
      import { pathToFileURL } from 'node:url'
      const { handler } = await import(pathToFileURL(process.argv[1]).href)
      const answers = []
      for (const { method, path, token, body } of JSON.parse(process.env.REQUESTS)) {
        const http = { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' }
        const headers = { 'x-origin-verify': process.env.ORIGIN_VERIFY_SECRET, host: 'api.example',
          ...(token ? { authorization: 'Bearer ' + token } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}) }
        const event = { version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers,
          requestContext: { http, requestId: 'deployed', stage: '$default', timeEpoch: Date.now() },
          ...(body ? { body: JSON.stringify(body) } : {}), isBase64Encoded: false }
        const response = await handler(event, {})
        answers.push({ statusCode: response.statusCode, type: response.headers?.['content-type'] ?? '', body: JSON.parse(response.body) })
      }
      console.log('ANSWERS ' + JSON.stringify(answers))
    `
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script, join(deployedAsset(), 'index.mjs')],
      { env: { ...env, REQUESTS: JSON.stringify(requests) } },
    )
    const line = stdout.split('\n').find((l) => l.startsWith('ANSWERS '))
    if (!line) throw new Error(`the handler printed no answers:\n${stdout}\n${stderr}`)
    return JSON.parse(line.slice('ANSWERS '.length))
  }

  const freshTable = async () => {
    const tableName = `deployed-${newId().toLowerCase()}`
    await ensureTable(createDb({ tableName, endpoint: inject('dynamoEndpoint') }))
    return tableName
  }

  it('answers from the deployed asset: route chunks load on first use, against DynamoDB (Local) as in Lambda', async () => {
    const env = lambdaEnv(
      await freshTable(),
      'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_test/.well-known/jwks.json',
    )
    const [missing, list, document] = await callDeployed(env, [
      { method: 'GET', path: '/api/competitions/01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      { method: 'GET', path: '/api/competitions' },
      { method: 'GET', path: '/api/openapi.json' },
    ])
    expect(missing).toMatchObject({ statusCode: 404, type: 'application/problem+json', body: { status: 404 } })
    expect(list!.statusCode).toBe(200)
    expect(Object.keys(document!.body.paths ?? {}).length).toBeGreaterThan(100)
  })

  it('takes a signed-in request with a token the issuer’s key set verifies, and refuses a forged one and bad input as problem+json', async () => {
    // Cognito, as far as the deployed code reaches it: the issuer's key set (fetched on the first
    // signed-in request) and the two directory reads each signed-in request makes (cached 60 s).
    const { privateKey, publicKey } = await generateKeyPair('RS256')
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] }
    const directoryCalls: string[] = []
    const server = createServer((request, response) => {
      const target = String(request.headers['x-amz-target'] ?? '')
      request.resume()
      request.on('end', () => {
        const json = (body: unknown) =>
          response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body))
        if (request.url === '/jwks.json') return json(jwks)
        directoryCalls.push(target.split('.').at(-1)!)
        if (target.endsWith('.AdminGetUser'))
          return json({ Username: 'sam', Enabled: true, UserStatus: 'CONFIRMED', UserAttributes: [] })
        if (target.endsWith('.AdminListGroupsForUser')) return json({ Groups: [] })
        response.writeHead(400).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as { port: number }
      const sub = newId()
      const idToken = async (key: CryptoKey | KeyObject) =>
        new SignJWT({ token_use: 'id', email: 'sam@breathe-easy.example', name: 'Sam Okafor' })
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
          .setSubject(sub)
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(key)
      const forger = await generateKeyPair('RS256')
      const env = {
        ...lambdaEnv(await freshTable(), `http://127.0.0.1:${port}/jwks.json`),
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${port}`,
      }
      const [me, forged, refused] = await callDeployed(env, [
        { method: 'GET', path: '/api/me', token: await idToken(privateKey) },
        { method: 'GET', path: '/api/me', token: await idToken(forger.privateKey) },
        { method: 'POST', path: '/api/organisations', token: await idToken(privateKey), body: { name: '' } },
      ])
      expect(me).toMatchObject({ statusCode: 200, body: { email: 'sam@breathe-easy.example', role: 'applicant' } })
      expect(forged).toMatchObject({ statusCode: 401, type: 'application/problem+json', body: { status: 401 } })
      expect(refused).toMatchObject({ statusCode: 400, type: 'application/problem+json', body: { status: 400 } })
      expect(refused!.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['name', 'postcode']),
      )
      // Each signed-in request asks the directory whether the account still stands (cached 60 s).
      expect(directoryCalls.sort()).toEqual(['AdminGetUser', 'AdminListGroupsForUser'])
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('bundles the AWS SDK instead of importing the runtime copy', async () => {
    const { metafile } = await benchBuild()
    const external = Object.values(metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((i) => i.external)
      .map((i) => i.path)
    // Only Node built-ins stay external.
    expect(external.filter((path) => !path.startsWith('node:') && !builtinModules.includes(path))).toEqual([])
    const inputs = Object.keys(metafile.inputs)
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true)
    expect(inputs.some((path) => path.includes('node_modules/@aws-sdk/s3-request-presigner/'))).toBe(true)
  })
})
