// The route table the app registers (functions/api/route-table.ts) is generated from the route
// modules: it must say exactly what they serve, in the order api.ts mounts them.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { routeTableFile, routeTableSource } from '../../scripts/route-table.js'
import { api } from '../../functions/api/api.js'
import { routeModules, routeTable } from '../../functions/api/route-table.js'

describe('the route table', () => {
  it('is what `npm run routes` writes from the route modules today (run it after adding or moving a route)', async () => {
    expect(readFileSync(routeTableFile, 'utf8')).toBe(await routeTableSource())
  })

  it('has every route api.ts mounts once, with a module that serves it', async () => {
    const mounted = [...new Set(api.routes.map((r) => `${r.method} ${r.path}`))]
    expect(routeTable.map(([method, path]) => `${method} ${path}`)).toEqual(mounted)
    for (const [method, path, module] of routeTable) {
      const exports: Record<string, { routes?: { method: string; path: string }[] }> = await routeModules[module]()
      const served = Object.values(exports).flatMap((e) => e.routes ?? [])
      expect(
        served.some((r) => r.method === method && r.path === path),
        `${method} ${path} in ${module}`,
      ).toBe(true)
    }
  })
})
