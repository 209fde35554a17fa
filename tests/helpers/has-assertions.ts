// Every test must assert something: a test that passes without checking anything is a defect.
beforeEach(() => {
  expect.hasAssertions();
});

// Under mutation testing (stryker.config.mjs), property tests without a count of their own try
// PROPERTY_RUNS random cases instead of fast-check's 100; fast-check is loaded only then.
if (process.env.PROPERTY_RUNS) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('fast-check').configureGlobal({ numRuns: Number(process.env.PROPERTY_RUNS) });
}
