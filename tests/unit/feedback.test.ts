// Residents' feedback: working-day deadlines, the steps a message may take, statistics, clusters of
// complaints, satisfaction, tracking codes and what a message may not hold. Expected values by hand
// (2026-11-27 is a Friday).
import {
  addWorkingDays, allowedActions, canRate, complaintClusters, deadlineState, feedbackStats, isWorkingDay, median, satisfactionSummary, type FeedbackDates,
} from '../../src/domain/feedback';
import { findResidentData } from '../../src/domain/feedback-privacy';
import { codeFromBytes, formatCode, normaliseCode } from '../../src/domain/tracking-code';

const msg = (receivedOn: string, o: Partial<FeedbackDates> = {}): FeedbackDates => ({ receivedOn, acknowledgedOn: null, answeredOn: null, closedOn: null, ...o });

describe('working days', () => {
  test('Monday to Friday', () => {
    expect(['2026-11-23', '2026-11-27'].map(isWorkingDay)).toEqual([true, true]);
    expect(['2026-11-28', '2026-11-29'].map(isWorkingDay)).toEqual([false, false]);
  });

  test('counted from the day after: Friday + 2 is Tuesday, Saturday + 1 is Monday, + 0 is the day itself', () => {
    expect(addWorkingDays('2026-11-27', 2)).toBe('2026-12-01');
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-25', 0)).toBe('2026-11-25');
    // two whole weeks: Fri 27 Nov + 10 working days = Fri 11 Dec
    expect(addWorkingDays('2026-11-27', 10)).toBe('2026-12-11');
  });
});

describe('deadlines', () => {
  const d = { acknowledgeDays: 2, answerDays: 10 };

  test('late from the day after the last day, not on it', () => {
    expect(deadlineState(msg('2026-11-27'), d, '2026-12-01')).toEqual({ acknowledgeBy: '2026-12-01', answerBy: '2026-12-11', acknowledgeOverdue: false, answerOverdue: false });
    expect(deadlineState(msg('2026-11-27'), d, '2026-12-02')).toMatchObject({ acknowledgeOverdue: true, answerOverdue: false });
    expect(deadlineState(msg('2026-11-27'), d, '2026-12-12')).toMatchObject({ acknowledgeOverdue: true, answerOverdue: true });
  });

  test('a step taken, even late, ends its waiting; an answer or a closing ends both', () => {
    expect(deadlineState(msg('2026-11-27', { acknowledgedOn: '2026-12-05' }), d, '2026-12-06')).toMatchObject({ acknowledgeOverdue: false, answerOverdue: false });
    expect(deadlineState(msg('2026-11-27', { answeredOn: '2026-12-20' }), d, '2026-12-21')).toMatchObject({ acknowledgeOverdue: false, answerOverdue: false });
    expect(deadlineState(msg('2026-11-27', { closedOn: '2026-12-20' }), d, '2026-12-21')).toMatchObject({ acknowledgeOverdue: false, answerOverdue: false });
  });

  test('on its last day a deadline is not yet passed, and a step taken that very day counts', () => {
    // answer by Friday 11 Dec: on the 11th not late; acknowledged on 2 Dec, looked at on 2 Dec: done
    expect(deadlineState(msg('2026-11-27'), d, '2026-12-11')).toMatchObject({ answerBy: '2026-12-11', answerOverdue: false });
    expect(deadlineState(msg('2026-11-27', { acknowledgedOn: '2026-12-02' }), d, '2026-12-02')).toMatchObject({ acknowledgeOverdue: false });
  });

  test('a step dated after today is not taken yet on that day', () => {
    expect(deadlineState(msg('2026-11-27', { acknowledgedOn: '2026-12-05' }), d, '2026-12-03')).toMatchObject({ acknowledgeOverdue: true });
  });
});

describe('the steps a message may take', () => {
  const base = { kind: 'question' as const, published: false, answer: null };
  test('received: acknowledge, answer or close; acknowledged: answer or close; answered: close and, a question, publish', () => {
    expect(allowedActions({ ...base, status: 'received' })).toEqual(['acknowledge', 'answer', 'close']);
    expect(allowedActions({ ...base, status: 'acknowledged' })).toEqual(['answer', 'close']);
    expect(allowedActions({ ...base, status: 'answered', answer: '明年6月' })).toEqual(['close', 'publish']);
    expect(allowedActions({ ...base, status: 'closed', answer: '明年6月', published: true })).toEqual(['unpublish']);
  });

  test('a complaint, or a message without an answer, is never published', () => {
    expect(allowedActions({ ...base, kind: 'complaint', status: 'answered', answer: '已整改' })).toEqual(['close']);
    expect(allowedActions({ ...base, status: 'closed' })).toEqual([]);
  });
});

describe('statistics', () => {
  test('worked by hand: four messages known on 26 Nov, two answered (3 and 10 days), one past its deadline', () => {
    const rows = [
      { ...msg('2026-11-02', { answeredOn: '2026-11-05' }), category: 'delay' as const },
      { ...msg('2026-11-10', { answeredOn: '2026-11-20' }), category: 'delay' as const },
      // Friday 20 Nov + 3 working days = Wednesday 25 Nov: open on the 26th, so past the deadline
      { ...msg('2026-11-20'), category: 'quality' as const },
      // Wednesday 25 Nov + 3 = Monday 30 Nov; answered on the 27th, which the 26th does not know yet
      { ...msg('2026-11-25', { answeredOn: '2026-11-27' }), category: 'allowance' as const },
      // received after the day counted
      { ...msg('2026-11-27'), category: 'other' as const },
      // received on the day counted: known that day
      { ...msg('2026-11-26'), category: 'certificate' as const },
    ];
    expect(feedbackStats(rows, { acknowledgeDays: 1, answerDays: 3 }, '2026-11-26')).toEqual({
      received: 5, answered: 2, medianDaysToAnswer: 6.5, openPastDeadline: 1,
      byCategory: { delay: 2, quality: 1, allowance: 1, allocation: 0, certificate: 1, other: 0 },
    });
  });

  test('median of an odd and an even count, and of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });
});

describe('where complaints cluster', () => {
  test('complaints of the window only, per project and category, most first, ties by project', () => {
    const c = (projectId: number | null, category: 'delay' | 'quality', receivedOn: string, kind: 'complaint' | 'question' = 'complaint') => ({ kind, category, projectId, receivedOn });
    const rows = [
      c(2, 'quality', '2026-11-20'), c(2, 'quality', '2026-11-21'), c(2, 'delay', '2026-11-22'),
      c(1, 'delay', '2026-11-23'), c(1, 'delay', '2026-11-24'),
      c(3, 'delay', '2026-08-01'), // before the window
      c(3, 'delay', '2026-11-27'), // after today
      c(4, 'delay', '2026-11-25', 'question'), // not a complaint
      c(null, 'delay', '2026-11-25'), // its place is gone
    ];
    expect(complaintClusters(rows, '2026-08-29', '2026-11-26')).toEqual([
      { projectId: 1, category: 'delay', count: 2 }, { projectId: 2, category: 'quality', count: 2 }, { projectId: 2, category: 'delay', count: 1 },
    ]);
    expect(complaintClusters(rows, '2026-08-29', '2026-11-26', 1)).toHaveLength(1);
  });

  test('the window\'s first and last days are in it; equal counts of one project by category order (工期延误 before 工程质量)', () => {
    const c = (category: 'delay' | 'quality', receivedOn: string) => ({ kind: 'complaint' as const, category, projectId: 7, receivedOn });
    expect(complaintClusters([c('quality', '2026-08-29'), c('delay', '2026-11-26')], '2026-08-29', '2026-11-26')).toEqual([
      { projectId: 7, category: 'delay', count: 1 }, { projectId: 7, category: 'quality', count: 1 },
    ]);
  });
});

describe('satisfaction', () => {
  test('count, distribution and mean of 5, 4, 4, 1', () => {
    expect(satisfactionSummary([5, 4, 4, 1])).toEqual({ count: 4, distribution: [1, 0, 0, 2, 1], mean: 3.5 });
    expect(satisfactionSummary([])).toEqual({ count: 0, distribution: [0, 0, 0, 0, 0], mean: null });
    // 4 + 4 + 5 = 13, 13 / 3 = 4.33… → 4.3
    expect(satisfactionSummary([4, 4, 5]).mean).toBe(4.3);
  });

  test('rated once keys were handed to at least one household', () => {
    expect([canRate(null), canRate(0), canRate(1)]).toEqual([false, false, true]);
  });
});

describe('tracking codes', () => {
  test('60 bits as 12 characters of Crockford base32', () => {
    expect(codeFromBytes(new Uint8Array(8))).toBe('000000000000');
    expect(codeFromBytes(new Uint8Array(8).fill(255))).toBe('ZZZZZZZZZZZZ');
    // the lowest five bits come first: 1 → '1', then zeros
    expect(codeFromBytes(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]))).toBe('100000000000');
    expect(() => codeFromBytes(new Uint8Array(4))).toThrow(new RangeError('a tracking code needs 8 random bytes'));
  });

  test('read back forgivingly, shown in groups of four', () => {
    expect(normaliseCode('k7m2-qx9p-a4td')).toBe('K7M2QX9PA4TD');
    expect(normaliseCode(' K7M2 QX9P A4TD ')).toBe('K7M2QX9PA4TD');
    expect(normaliseCode('Ｋ７Ｍ２－ＱＸ９Ｐ－Ａ４ＴＤ')).toBe('K7M2QX9PA4TD');
    // O is read as zero, I and L as one
    expect(normaliseCode('OILO-0000-0000')).toBe('011000000000');
    expect(normaliseCode('K7M2-QX9P-A4T')).toBeNull();
    expect(normaliseCode('K7M2-QX9P-A4TU')).toBeNull(); // U is not in the alphabet
    expect(normaliseCode('x'.repeat(100))).toBeNull();
    // typed with spaces around: up to 64 characters are read, more are refused unread
    expect(normaliseCode(`K7M2QX9PA4TD${' '.repeat(52)}`)).toBe('K7M2QX9PA4TD');
    expect(normaliseCode(`K7M2QX9PA4TD${' '.repeat(53)}`)).toBeNull();
    expect(formatCode('K7M2QX9PA4TD')).toBe('K7M2-QX9P-A4TD');
  });
});

describe('what a resident\'s message may not hold', () => {
  test.each([
    ['交房拖了两年，电话13912345678', 'mobile'],
    ['我叫张三，想问交房时间', 'name'],
    ['姓名：李四', 'name'],
    ['My name is Li Lei', 'name'],
    ['3栋1203室漏水', 'flat'],
    ['3-2-1203 墙面开裂', 'flat'],
    ['2单元1203漏水', 'flat'],
    ['房号 802', 'flat'],
    ['Room 1203 leaks', 'flat'],
  ])('%s → %s', (text, kind) => {
    expect(findResidentData(text)).toBe(kind);
  });

  test.each([
    '8栋12楼的电梯还没装',
    '房屋质量有问题，墙面开裂',
    '2023年底应该交房，现在还没交',
    '过渡费从2024年3月起没有发',
    '第一批 1200 户什么时候选房',
    // a name-like start that is no name
    '我叫物业来看过三次，没有人来',
    '我叫他们来修',
    '我叫了物业',
    'my name is not important',
    // a date is not a flat number
    '24-12-2025 交房',
  ])('%s is fine', (text) => {
    expect(findResidentData(text)).toBeNull();
  });
});
