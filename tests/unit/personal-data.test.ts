import { findPersonalData } from '../../src/domain/personal-data';
import { parseText } from '../../src/domain/import-cells';

describe('findPersonalData', () => {
  test.each([
    ['联系人张伟 13812345678', 'mobile'],
    ['call 138 1234 5678', 'mobile'],
    ['电话+86 139-1234-5678', 'mobile'],
    ['全角 １３８１２３４５６７８', 'mobile'],
    ['身份证 410102199001011234', 'resident_id'],
    ['ID 41010219900101104X', 'resident_id'],
    ['410102 19900101 104x', 'resident_id'],
    ['办公室 0371-67891234', 'landline'],
    ['(010) 6512 3456', 'landline'],
    ['0371 6789 1234', 'landline'],
    ['zhang.wei@example.gov.cn', 'email'],
    ['mail Li_Na+tracker@mail.zz.henan.cn please', 'email'],
  ])('%s → %s', (text, kind) => {
    expect(findPersonalData(text)).toBe(kind);
  });

  test.each([
    '2023-11-08 开工,占地 38.16 亩,规划 101800 平方米',
    '总投资约 9 亿元,第 2 批 7 栋楼,部分主体封顶',
    '郑高管〔2023〕123号',
    '1#、2#、12# 楼',
    '开工率 96%,交付率 76%,回迁约 108700 人',
    '14.74 million m², 11570000 m²',
    '报道见 https://www.zhengzhou.gov.cn/news/2023/1126/123456.html',
    // codes and figures that only look like personal data
    '批准文号 410100-20230315-0045', // 18 digits with a date inside, but the wrong check character
    '统一社会信用代码 410100202303150045',
    '档案号 0371-2023-0001',
    '郑东新区 0371 2023 0815 号地块',
    '总投资 15000000000 元',
    '坐标 34.13812345678',
    '',
  ])('no personal data in %s', (text) => {
    expect(findPersonalData(text)).toBeNull();
  });
});

describe('imported text is checked the same way', () => {
  test('a text cell with a phone number is refused with the reason', () => {
    expect(parseText('高新区周报 联系 13812345678', 300)).toEqual({ ok: false, key: 'validation.personal_data.mobile' });
    expect(parseText('高新区周报 第47期', 300)).toEqual({ ok: true, value: '高新区周报 第47期' });
  });
});
