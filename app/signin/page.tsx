import { redirect } from 'next/navigation'
import { currentActor } from '@/server/api/server-caller.ts'
import { SignInForm } from './signin-form.tsx'

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  if (await currentActor()) redirect(next ?? '/projects')
  return <SignInForm next={next ?? '/projects'} />
}
