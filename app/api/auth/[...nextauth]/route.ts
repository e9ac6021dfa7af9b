// Auth.js's endpoints (sign-in callback, sign-out, CSRF token, session), throttled sign-in included.
import { authRoutes } from '@/server/auth/index.ts'
export const { GET, POST } = authRoutes
