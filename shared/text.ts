// Words around numbers, the same in the browser and on the server.

/** "1 word", "3 words"; `many` for plurals that are not just an s ("2 applications have"). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
