import { acceptedEncoding } from '../../src/web/middleware/compression';

test.each([
  ['gzip, deflate, br', 'br'],
  ['br', 'br'],
  ['gzip', 'gzip'],
  ['br;q=0.5, gzip', 'gzip'],
  ['BR;Q=1, GZIP;Q=1', 'br'],
  ['gzip;q=1, br;q=1', 'br'],
  ['x-gzip', 'gzip'],
  ['*', 'br'],
  ['br;q=0, *', 'gzip'],
  ['deflate', undefined],
  ['identity', undefined],
  ['gzip;q=0', undefined],
  ['', undefined],
  [undefined, undefined],
])('Accept-Encoding %p → %p (brotli wherever it is weighted no lower than gzip)', (header, expected) => {
  expect(acceptedEncoding(header)).toBe(expected);
});
