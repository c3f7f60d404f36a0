// A one-off message carried across a navigation ("Deleted the draft …").
let pending: string | undefined

export function setFlash(message: string) {
  pending = message
}

export function takeFlash(): string | undefined {
  const message = pending
  pending = undefined
  return message
}
