// Next.js proxy (Next 16's middleware): the security headers on everything Next.js answers, and a
// fresh nonce per request for the Content-Security-Policy (server/lib/security-headers.ts says why
// a nonce). Next.js finds the nonce in the request's CSP header and puts it on its own scripts.
// The tRPC API under scripts/web.ts never reaches Next.js; that listener sets the same headers.
import { NextResponse, type NextRequest } from 'next/server'
import { pageSecurityHeaders } from './server/lib/security-headers.ts'

export function proxy(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
  const headers = pageSecurityHeaders(nonce, process.env.NODE_ENV === 'development')
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('content-security-policy', headers['Content-Security-Policy'])
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v)
  return response
}
