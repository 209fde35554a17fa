import { displayIp, fieldChanges } from '../../src/domain/audit-changes';
import { chinaTime, formatterFor } from '../../src/web/format';

describe('the address as people write it', () => {
  test.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:203.0.113.9', '203.0.113.9'],
    ['203.0.113.9', '203.0.113.9'],
    ['::1', '::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::ffff:not-an-address', '::ffff:not-an-address'],
  ])('%s → %s', (stored, shown) => {
    expect(displayIp(stored)).toBe(shown);
  });
  test('no address stays none', () => {
    expect(displayIp(null)).toBeNull();
  });
});

describe('China time of a stored UTC instant', () => {
  test('UTC+8 crosses midnight and the end of a year', () => {
    // 18:30 UTC on 31 Dec is 02:30 on 1 Jan in Beijing
    expect(chinaTime('2025-12-31T18:30:00.000Z')).toEqual({ date: '2026-01-01', hh: '02', mm: '30' });
    expect(formatterFor('zh').dateTime('2025-12-31T18:30:00.000Z')).toBe('2026年1月1日 02:30');
    expect(formatterFor('en').dateTime('2025-12-31T18:30:00.000Z')).toBe('1 Jan 2026 02:30');
  });
  test('not an instant reads as a dash', () => {
    expect(formatterFor('zh').dateTime('garbage')).toBe('—');
    expect(formatterFor('en').dateTime(null)).toBe('—');
  });
});

describe('field changes of an audit row', () => {
  test('an update lists the fields it was given that changed, not the stored row\'s other columns', () => {
    const before = { id: 3, projectId: 1, nameZh: '第一批', households: null, note: 'a', isDemo: false };
    const after = { nameZh: '第一批', households: 120, note: 'b', version: 4 };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'households', before: null, after: 120 },
      { field: 'note', before: 'a', after: 'b' },
    ]);
  });
  test('a created object lists what it was given, blanks left out', () => {
    expect(fieldChanges(null, { nameZh: '测试村', nameEn: null, householdsEntitled: 120 })).toEqual([
      { field: 'nameZh', before: undefined, after: '测试村' },
      { field: 'householdsEntitled', before: undefined, after: 120 },
    ]);
  });
  test('a deleted object lists what it had', () => {
    expect(fieldChanges({ code: '3#', floors: null }, null)).toEqual([{ field: 'code', before: '3#', after: undefined }]);
  });
  test('before and after with no field in common (a milestone) list both', () => {
    const before = { stages: [{ id: 1, stage: 'structure' }] };
    const after = { stage: 'accepted', date: '2026-11-20', note: null };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'stage', before: undefined, after: 'accepted' },
      { field: 'date', before: undefined, after: '2026-11-20' },
      { field: 'stages', before: [{ id: 1, stage: 'structure' }], after: undefined },
    ]);
  });
  test('nothing before or after: no change listed', () => {
    expect(fieldChanges(null, null)).toEqual([]);
  });
});
