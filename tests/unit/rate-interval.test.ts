import { impliedDenominator, rateInterval } from '../../src/domain/consistency';

describe('rateInterval', () => {
  it.each([
    [0.96, 0.955, 0.965],
    [0.956, 0.9555, 0.9565],
    [0.76, 0.755, 0.765],
    [0.07, 0.065, 0.075],
    [0.5, 0.495, 0.505],
    [0.1234, 0.12335, 0.12345],
  ])('%p stands for [%p, %p]', (rate, min, max) => {
    const i = rateInterval(rate);
    expect(i.min).toBeCloseTo(min, 12);
    expect(i.max).toBeCloseTo(max, 12);
  });

  it('clamps to [0, 1]', () => {
    expect(rateInterval(1)).toEqual({ min: 0.995, max: 1 });
    expect(rateInterval(0)).toEqual({ min: 0, max: 0.005 });
  });

  it('is not fooled by binary floating point (0.29 is not 0.28999999999999998)', () => {
    const i = rateInterval(0.29);
    expect(i.min).toBeCloseTo(0.285, 12);
    expect(i.max).toBeCloseTo(0.295, 12);
  });
});

describe('impliedDenominator', () => {
  it('gives quantity / rateMax .. quantity / rateMin', () => {
    const d = impliedDenominator(14_740_000, 0.96);
    expect(d.min).toBeCloseTo(15_274_611.4, 0);
    expect(d.max).toBeCloseTo(15_434_555.0, 0);
  });

  it('has no upper bound for a published 0 %', () => {
    expect(impliedDenominator(10, 0)).toEqual({ min: 2000, max: Infinity });
  });
});
