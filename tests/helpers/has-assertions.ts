// Every test must assert something: a test that passes without checking anything is a defect.
beforeEach(() => {
  expect.hasAssertions();
});
