import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-staff';
import * as m0003 from './0003-data-version';
import * as m0004 from './0004-hashed-sessions';
import * as m0005 from './0005-rollups';
import * as m0006 from './0006-report-indexes';
import * as m0007 from './0007-target-revisions';
import * as m0008 from './0008-notes-per-language';
import * as m0009 from './0009-district-versions';
import * as m0010 from './0010-households';
import * as m0011 from './0011-feedback';
import * as m0012 from './0012-rollup-totals';

// Listed explicitly so that the compiled build, ts-jest/swc and the CLI all see the same set.
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-staff': m0002,
  '0003-data-version': m0003,
  '0004-hashed-sessions': m0004,
  '0005-rollups': m0005,
  '0006-report-indexes': m0006,
  '0007-target-revisions': m0007,
  '0008-notes-per-language': m0008,
  '0009-district-versions': m0009,
  '0010-households': m0010,
  '0011-feedback': m0011,
  '0012-rollup-totals': m0012,
};
