// A page of the audit log with the names of the objects it mentions, read at one commit.
import type { Db } from '../db/create-db';
import { auditObjectNames, listAudit, type AuditFilter, type AuditObjectName, type AuditRecord } from '../repositories/audit.repository';

export interface AuditPage {
  rows: AuditRecord[];
  total: number;
  names: Map<string, AuditObjectName>;
}

export const readAuditPage = (db: Db, f: AuditFilter): Promise<AuditPage> =>
  db.transaction().execute(async (trx) => {
    const { rows, total } = await listAudit(trx, f);
    const refs = rows.filter((r) => r.objectType !== null && r.objectId !== null).map((r) => ({ type: r.objectType!, id: r.objectId! }));
    return { rows, total, names: await auditObjectNames(trx, refs) };
  });
