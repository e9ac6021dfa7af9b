// /admin has no page of its own: the users page is the admin's start.
import { redirect } from 'next/navigation'

export default function AdminHome() {
  redirect('/admin/users')
}
