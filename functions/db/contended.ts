// The one write error the API maps on every request (to a 503), on its own so that importing it
// does not load the write layer: a cold read never commits.

/** Contention outlasted the retries; the caller should say "try again". */
export class Contended extends Error {}
