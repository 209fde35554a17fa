// Mutation testing (`npm run mutate`): small changes are made to the code one at a time and the tests
// are run against each; a change no test notices is a rule no test checks. Incremental: a second run
// re-tests only mutants in code or tests that changed (reports/stryker-incremental.json).
const scope = process.env.MUTATE_SCOPE ?? 'all';

// Property tests try fewer random cases per mutant (tests/helpers/has-assertions.ts, and
// tests/helpers/property-runs.ts where a test sets its own count): a mutant of the engine is covered
// by the fast-check properties, and 400 cases of them took a second of every such mutant. The cost:
// a mutant that only a rare random case catches may survive here (never the other way round);
// `npm test` still runs every case. The test runner processes inherit this environment.
process.env.PROPERTY_RUNS ??= '25';

// MUTATE_TESTS (comma-separated test files or globs under tests/) runs the mutants against those
// files only: a score against fewer tests can only come out lower, never higher, so it is a lower
// bound of the score against the whole suite, measured in minutes instead of hours. Used for the
// services and middleware, whose whole-suite run is many hours on this machine.
const onlyTests = (process.env.MUTATE_TESTS ?? '')
  .split(',')
  .map((t) => t.trim())
  .filter((t) => t !== '')
  .map((t) => `<rootDir>/${t.replace(/^\.\//, '')}`);

const DOMAIN = ['src/domain/**/*.ts'];
const REST = ['src/services/**/*.ts', 'src/web/access.ts', 'src/web/middleware/**/*.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // src/domain is pure: its rules are stated by the unit tests, which run in seconds. The services
  // and the web layer need the real app and database, so those mutants run the whole suite.
  jest: {
    configFile: scope === 'domain' ? 'jest.unit.config.js' : 'jest.config.js',
    enableFindRelatedTests: true,
    // Only the test files that hold a test covering the mutant are loaded (tests/helpers/mutation/).
    config: {
      // Jest finds a mutant's related tests through its module map, which holds only the roots: with
      // tests/ alone it knows no import from one source file to another, so every mutant reached only
      // through another module (all of the middleware, through app.ts) was run against no test at all
      // and counted as survived. src/ holds no test files, so this adds none.
      roots: ['<rootDir>/tests', '<rootDir>/src'],
      testEnvironment: './tests/helpers/mutation/environment.cjs',
      testSequencer: './tests/helpers/mutation/sequencer.cjs',
      ...(onlyTests.length > 0 ? { testMatch: onlyTests } : {}),
    },
  },
  mutate: [...(scope === 'rest' ? [] : DOMAIN), ...(scope === 'domain' ? [] : REST), '!**/*.d.ts'],
  coverageAnalysis: 'perTest',
  // A mutant in a module-level constant runs every test (coverage cannot say which use it): 18 % of
  // the mutants took 72 % of the time. They are left out and listed as such (docs/mutation-survivors.md).
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${scope}.json`,
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['html', 'clear-text', 'progress', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scope}.html` },
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  clearTextReporter: { reportScoreTable: true, allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: scope === 'domain' ? 90 : scope === 'rest' ? 80 : null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
