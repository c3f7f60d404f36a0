// CloudFront Function (cloudfront-js-2.0), viewer request, default behaviour only.
// Client-side routes (/competitions/42, /signin/callback) have no file in the bucket: serve
// the app shell for any path whose last segment has no extension. Files (/assets/app.js,
// /favicon.ico) pass through untouched, and /api/* never reaches here (it has its own
// behaviour) - the check below is a second guard, so API 404/403 problem+json responses
// are never replaced by the page. Kept in plain JS because CloudFront runs this file as is.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls `handler` by name
function handler(event) {
  var request = event.request
  var uri = request.uri
  if (uri.indexOf('/api/') === 0) return request
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1)
  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html'
  return request
}
