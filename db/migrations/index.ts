import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';

// Listed explicitly so that the compiled build, ts-jest/swc and the CLI all see the same set.
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
