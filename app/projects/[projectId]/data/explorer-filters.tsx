'use client'
// The explorer's filter bar: one control per filter field; every change goes to the URL (the page
// reads its filter from there), which also makes a filtered view a link to share.
import { useState } from 'react'

export type FilterValues = Record<string, string>
type Option = [value: string, label: string]
type Props = { values: FilterValues; models: { id: string; name: string }[]; imports: { id: string; filename: string }[]; onChange: (patch: FilterValues) => void }

function Select({ name, label, values, options, onChange }: { name: string; label: string; values: FilterValues; options: Option[]; onChange: Props['onChange'] }) {
  return (
    <label>{label}
      <select name={name} value={values[name] ?? ''} onChange={(e) => onChange({ [name]: e.target.value })}>
        <option value="">any</option>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </label>
  )
}

function NumberField({ name, label, values, onChange, step = 'any' }: { name: string; label: string; values: FilterValues; onChange: Props['onChange']; step?: string }) {
  return <label>{label}<input type="number" step={step} name={name} defaultValue={values[name] ?? ''} onBlur={(e) => onChange({ [name]: e.target.value })} style={{ width: '6rem' }} /></label>
}

export function ExplorerFilters({ values, models, imports, onChange }: Props) {
  const [q, setQ] = useState(values.q ?? '')
  const s = { values, onChange }
  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={(e) => { e.preventDefault(); onChange({ q }) }}>
      <label>Search prompt and responses<input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="text…" /></label>
      <Select name="source" label="Label source" options={[['HUMAN', 'has human labels'], ['AI', 'has AI labels'], ['SELF', 'has self labels'], ['NONE', 'no labels']]} {...s} />
      <Select name="majority" label="Human majority" options={[['A', 'A'], ['B', 'B'], ['TIE', 'tie'], ['SPLIT', 'split'], ['NONE', 'too few human labels']]} {...s} />
      <Select name="humanDisagree" label="Humans disagree" options={[['yes', 'yes'], ['no', 'no (unanimous)']]} {...s} />
      <Select name="humanVsAi" label="Human vs AI" options={[['disagree', 'disagree'], ['agree', 'agree']]} {...s} />
      <Select name="rm" label="Reward model" options={models.map((m) => [m.id, m.name])} {...s} />
      <NumberField name="minMargin" label="Margin ≥" {...s} />
      <NumberField name="maxMargin" label="Margin ≤" {...s} />
      <NumberField name="minLength" label="Length ≥ (chars)" step="1" {...s} />
      <NumberField name="maxLength" label="Length ≤ (chars)" step="1" {...s} />
      <Select name="importId" label="Import" options={[['none', 'created in RewardLab'], ...imports.map((i): Option => [i.id, i.filename])]} {...s} />
      <Select name="gold" label="Gold" options={[['yes', 'gold'], ['no', 'not gold']]} {...s} />
      <Select name="flagged" label="Flags" options={[['open', 'open flag'], ['any', 'ever flagged'], ['no', 'never flagged']]} {...s} />
      <Select name="sort" label="Sort by" options={[['margin', 'RM margin'], ['length', 'length'], ['humanLabels', 'human labels'], ['aiLabels', 'AI labels'], ['agreement', 'human agreement'], ['flags', 'open flags']]} {...s} />
      <Select name="dir" label="Order" options={[['asc', 'ascending'], ['desc', 'descending']]} {...s} />
      <button className="btn">Search</button>
    </form>
  )
}
