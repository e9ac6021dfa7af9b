'use client'
// A new-password input with a "Generate" button: admins hand the password over, so it is shown.
import { useState } from 'react'

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

function generatePassword(length = 14) {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
}

export function PasswordField({ label, name }: { label: string; name: string }) {
  const [value, setValue] = useState('')
  return (
    <label>
      {label}
      <span className="row" style={{ gap: '.5rem', flexWrap: 'nowrap' }}>
        <input name={name} type="text" required minLength={8} maxLength={1024} autoComplete="new-password"
          value={value} onChange={(e) => setValue(e.target.value)} style={{ flex: 1 }} spellCheck={false} />
        <button type="button" className="btn" onClick={() => setValue(generatePassword())}>Generate</button>
      </span>
      <span className="muted small">At least 8 characters. Tell the user; they can change it later.</span>
    </label>
  )
}
