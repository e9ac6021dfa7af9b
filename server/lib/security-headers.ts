// Security headers for every response, from one place: proxy.ts puts them on everything Next.js
// answers (pages, route handlers, Auth.js, assets) and scripts/web.ts on the /api/trpc it answers
// itself. The set follows GitLab's and Django's (Label Studio's) defaults where they fit.
//
// Scripts: a per-request nonce with 'strict-dynamic' and no 'unsafe-inline'. Next.js puts the nonce
// on its inline bootstrap scripts and chunk tags when it finds one in the request's CSP header,
// which only works for pages rendered per request; every RewardLab page already is (they read the
// session), so the nonce costs no static rendering. Styles keep 'unsafe-inline': React `style`
// attributes (charts, progress bars) cannot carry a nonce, and a nonce in style-src would switch
// 'unsafe-inline' off. Inline styles cannot run code.

const COMMON: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY', // for browsers without CSP frame-ancestors
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Permitted-Cross-Domain-Policies': 'none',
}

/** The CSP for pages (and everything else Next.js serves): scripts only with this request's nonce. */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Headers for a page or other Next.js response that may render HTML. */
export function pageSecurityHeaders(nonce: string, dev = false): Record<string, string> {
  return { ...COMMON, 'Content-Security-Policy': pageCsp(nonce, dev) }
}

/** Headers for JSON API responses: nothing in them may load or run anything. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...COMMON,
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
})
