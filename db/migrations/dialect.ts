import { ColumnDefinitionBuilder, Kysely, PostgresAdapter } from 'kysely';

// The one place migrations differ between SQLite and PostgreSQL: how an id is generated.
export function idColumn(
  db: Kysely<any>,
): ['integer' | 'serial', (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return ['serial', (c) => c.primaryKey()];
  }
  return ['integer', (c) => c.primaryKey().autoIncrement()];
}
