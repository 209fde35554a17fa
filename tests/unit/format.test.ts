import { formatterFor } from '../../src/web/format';

const zh = formatterFor('zh');
const en = formatterFor('en');

describe('Chinese formatting uses 万㎡, 亿元 and %', () => {
  test.each([
    [14_740_000, '1474万㎡'],
    [153_245_000, '15324.5万㎡'],
    [101_800, '10.18万㎡'],
    [9_800, '9,800㎡'],
  ])('area %d m² → %s', (m2, text) => expect(zh.area(m2)).toBe(text));
  test('money', () => {
    expect(zh.money(900_000_000)).toBe('9亿元');
    expect(zh.money(35_000)).toBe('3.5万元');
  });
  test('rates and counts', () => {
    expect(zh.rate(0.96, 0)).toBe('96%');
    expect(zh.rate(0.6433)).toBe('64.3%');
    expect(zh.count(108_700, 'people')).toBe('10.87万人');
    expect(zh.count(9_999, 'people')).toBe('9,999人');
    expect(zh.count(8, 'buildings')).toBe('8栋');
  });
  test('dates keep their precision', () => {
    expect(zh.date('2023-11-08')).toBe('2023年11月8日');
    expect(zh.date('2025-12-31', 'month')).toBe('2025年12月');
    expect(zh.date('2023-12-31', 'year')).toBe('2023年底');
  });
});

describe('English formatting uses m² and yuan', () => {
  test('units', () => {
    expect(en.area(14_740_000)).toBe('14.74 million m²');
    expect(en.area(101_800)).toBe('101,800 m²');
    expect(en.money(900_000_000)).toBe('900 million yuan');
    expect(en.count(1, 'buildings')).toBe('1 building');
    expect(en.date('2023-11-08')).toBe('8 Nov 2023');
    expect(en.date('2024-12-31', 'year')).toBe('by end of 2024');
  });
});

test('unknown values show a dash, never NaN', () => {
  for (const f of [zh, en]) {
    expect(f.area(null)).toBe('—');
    expect(f.rate(Number.NaN)).toBe('—');
    expect(f.money(Number.POSITIVE_INFINITY)).toBe('—');
    expect(f.date('not a date')).toBe('—');
  }
});
