// How a typed query meets a name (src/domain/search.ts): expected values worked out by hand.
import { bestMatches, matchScore, nameKeys, normalise, queryTokens, type SearchEntry } from '../../src/domain/search';

const entry = (kind: SearchEntry['kind'], id: number, keys: string[], parentKeys: string[] = []): SearchEntry => ({ kind, id, keys, parentKeys });

describe('normalise and queryTokens', () => {
  test('full-width letters and digits become half-width, capitals small, spaces and punctuation go', () => {
    expect(normalise('ＺＣ')).toBe('zc');
    expect(normalise('３号楼')).toBe('3号楼');
    expect(normalise(' Zhao Cun ')).toBe('zhaocun');
    expect(normalise('A-3栋')).toBe('a3栋');
  });

  test('a query splits on spaces (the ideographic one too) and punctuation; nothing left is no token', () => {
    expect(queryTokens(' 赵村\u3000第一批 ')).toEqual(['赵村', '第一批']);
    expect(queryTokens('赵村，3号楼')).toEqual(['赵村', '3号楼']);
    expect(queryTokens('   ')).toEqual([]);
    expect(queryTokens('！？。')).toEqual([]);
    // control characters are no word (PostgreSQL refuses a NUL in text)
    expect(queryTokens('赵\u0000村\u202e')).toEqual(['赵', '村']);
    expect(normalise('赵\u0000村\u200b')).toBe('赵村');
  });

  test('a huge query is read only to its first 100 characters and 6 words', () => {
    expect(queryTokens('a '.repeat(5000))).toEqual(['a', 'a', 'a', 'a', 'a', 'a']);
    expect(queryTokens('村'.repeat(5000))).toEqual(['村'.repeat(100)]);
  });
});

describe('nameKeys', () => {
  test('a name, its full pinyin, its initials and its English name', () => {
    expect(nameKeys('赵村', ['zhao', 'cun'])).toEqual(['赵村', 'zhaocun', 'zc']);
    // a digit is no pinyin: kept whole in both forms
    expect(nameKeys('第1批', ['di', '1', 'pi'], 'Batch 1')).toEqual(['第1批', 'di1pi', 'd1p', 'batch1']);
    // a code with nothing Chinese: one form
    expect(nameKeys('A3', ['A3'])).toEqual(['a3']);
  });
});

describe('matchScore', () => {
  const zhao = entry('village', 1, nameKeys('赵村', ['zhao', 'cun']));
  test('3 for a whole form, 2 for its beginning, 1 for inside it, no match otherwise', () => {
    expect(matchScore(['zc'], zhao)).toBe(3);
    expect(matchScore(['赵村'], zhao)).toBe(3);
    expect(matchScore(['zhao'], zhao)).toBe(2);
    expect(matchScore(['cun'], zhao)).toBe(1);
    expect(matchScore(['li'], zhao)).toBeNull();
    expect(matchScore([], zhao)).toBeNull();
  });

  const firstBatch = entry('batch', 7, nameKeys('第一批', ['di', 'yi', 'pi']), [...nameKeys('赵村安置房', ['zhao', 'cun', 'an', 'zhi', 'fang']), ...nameKeys('赵村', ['zhao', 'cun'])]);
  test('every word is found in the name or where it lies, and one at least in its own name', () => {
    expect(matchScore(['赵村', '第一批'], firstBatch)).toBe(3);
    expect(matchScore(['zc', 'dyp'], firstBatch)).toBe(3);
    // only where it lies: not this batch (the village page lists its batches)
    expect(matchScore(['赵村'], firstBatch)).toBeNull();
    // a word found nowhere rules it out
    expect(matchScore(['李村', '第一批'], firstBatch)).toBeNull();
  });
});

test('bestMatches: best first, ties in the order given, at most the limit, with the count of all', () => {
  const rows = [
    entry('project', 1, ['赵村安置住宅']), // "赵村" at its beginning: 2
    entry('project', 2, ['东赵村安置房']), // inside: 1
    entry('village', 3, ['赵村']), // whole: 3
    entry('project', 4, ['赵村配套']), // beginning: 2
    entry('project', 5, ['李村']),
  ];
  expect(bestMatches(['赵村'], rows, 3)).toEqual({ hits: [rows[2], rows[0], rows[3]], total: 4 });
  expect(bestMatches(['王村'], rows, 3)).toEqual({ hits: [], total: 0 });
});
