// Shared by the benches that run the local server on DynamoDB Local.
import { connect } from 'node:net'

/**
 * Resolves once nothing listens on the endpoint's port (at most `timeoutMs`), so the JVM
 * has gone before this process exits and no orphan is left behind.
 */
export async function waitUntilClosed(endpoint: string, timeoutMs = 10_000): Promise<void> {
  const { hostname, port } = new URL(endpoint)
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname)
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (!open) return
    await new Promise((r) => setTimeout(r, 100))
  }
}
