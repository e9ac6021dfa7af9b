import { redirect } from 'next/navigation'
import { currentActor } from '@/server/api/server-caller.ts'
import { SignInForm } from './signin-form.tsx'
import { safeNextPath } from './next-path.ts'

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next)
  if (await currentActor()) redirect(next)
  return <SignInForm next={next} />
}
