import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import './globals.css'
import { Providers } from './providers.tsx'
import { NavBar } from './_components/nav-bar.tsx'

export const metadata: Metadata = { title: 'RewardLab', description: 'Preference feedback for aligning language models' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <NavBar />
          <main className="container">{children}</main>
        </Providers>
      </body>
    </html>
  )
}
