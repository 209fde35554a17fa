import type { Db } from '../db/create-db';
import type { IsoDate } from '../domain/types';
import { getDataVersion } from '../repositories/version.repository';
import { loadFigures, type FiguresView } from './figures.service';

/**
 * Computed figures, kept until the data version or the date changes. Every request asks the
 * database for the version (one indexed row), so a write committed by any process is seen by the
 * next read; concurrent readers of a new version share one computation.
 */
export class FiguresCache {
  private entry: { key: string; value: Promise<FiguresView> } | null = null;

  constructor(private readonly db: Db) {}

  async version(): Promise<number> {
    return getDataVersion(this.db);
  }

  async get(asOf: IsoDate, version?: number): Promise<FiguresView> {
    const v = version ?? (await this.version());
    const key = `${v}|${asOf}`;
    if (this.entry?.key !== key) {
      // The snapshot is read at a version ≥ v (a write may land in between); never older.
      const value = loadFigures(this.db, asOf);
      this.entry = { key, value };
      value.catch(() => {
        if (this.entry?.value === value) this.entry = null;
      });
    }
    return this.entry.value;
  }
}
