/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/has-assertions.ts'],
  // Each test stands alone: the order is shuffled on every run (the seed is printed to repeat one).
  randomize: true,
  testTimeout: 20000,
};
