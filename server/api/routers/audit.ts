// The audit log: who changed what. Admins only (entries name users and every project).
import { adminProcedure, createTRPCRouter } from '../trpc.ts'
import { auditQuerySchema, listAuditLog } from '../../services/audit/list-audit-log.ts'

export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(auditQuerySchema).query(({ input }) => listAuditLog(input)),
})
