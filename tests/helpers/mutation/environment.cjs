// Under Stryker only (stryker.config.mjs): the node environment, which also writes down which
// tests each test file holds, during the initial run (no mutant active). sequencer.cjs reads it.
//
// It also gives each test the code its `beforeAll` hooks ran. Stryker counts a mutant as covered
// by a test only for the code run between that test's start and end; what a `beforeAll` runs (the
// app and its middleware, built once per file) counts as covered by no test ("static"), and with
// `ignoreStatic` such a mutant is run against only the tests that reach it themselves: the CSP
// options of security.ts ran against 3 tests about cookies, never against the tests that read the
// header, and survived. So the initial run adds what each `beforeAll` covered to every test below
// it (in its describe block), and those tests are then run against that mutant.
const fs = require('node:fs');
const path = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

const ACTIVE = '__STRYKER_ACTIVE_MUTANT__';
const seen = new Map();

/** The name Jest matches `--testNamePattern` against (and Stryker names a test by): describes, then the test. */
function fullName(test) {
  const names = [test.name];
  for (let d = test.parent; d && d.parent; d = d.parent) names.unshift(d.name);
  return names.join(' ');
}

class TestMapEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.mapFile = mapFileOf(config.projectConfig.rootDir);
    /** Mutant ids each describe block's beforeAll hooks covered (the initial run only). */
    this.hookCoverage = new Map();
    this.staticBefore = null;
  }

  async handleTestEvent(event) {
    if (process.env[ACTIVE] !== undefined) return;
    this.attributeHookCoverage(event);
    if (event.name !== 'test_start') return;
    if (!seen.has(this.testPath)) seen.set(this.testPath, []);
    seen.get(this.testPath).push(fullName(event.test));
  }

  /** Stryker's coverage object (`__stryker__.mutantCoverage`), once the instrumented code made it. */
  coverage() {
    const ns = this.global[this.global.__strykerGlobalNamespace__ ?? '__stryker__'];
    return ns?.mutantCoverage;
  }

  attributeHookCoverage(event) {
    const isBeforeAll = event.hook?.type === 'beforeAll';
    if (event.name === 'hook_start' && isBeforeAll) {
      this.staticBefore = { ...(this.coverage()?.static ?? {}) };
    } else if ((event.name === 'hook_success' || event.name === 'hook_failure') && isBeforeAll && this.staticBefore) {
      const now = this.coverage()?.static ?? {};
      const ids = this.hookCoverage.get(event.hook.parent) ?? new Set();
      for (const id of Object.keys(now)) if (now[id] > (this.staticBefore[id] ?? 0)) ids.add(id);
      this.hookCoverage.set(event.hook.parent, ids);
      this.staticBefore = null;
    } else if (event.name === 'test_start' && this.hookCoverage.size > 0) {
      const cov = this.coverage();
      if (!cov) return;
      const name = fullName(event.test);
      const perTest = (cov.perTest[name] ??= {});
      for (let d = event.test.parent; d; d = d.parent) {
        for (const id of this.hookCoverage.get(d) ?? []) perTest[id] = (perTest[id] ?? 0) + 1;
      }
    }
  }

  async teardown() {
    if (process.env[ACTIVE] === undefined && seen.has(this.testPath)) {
      fs.writeFileSync(this.mapFile, JSON.stringify(Object.fromEntries(seen)));
    }
    await super.teardown();
  }
}

function mapFileOf(rootDir) {
  return path.join(rootDir, '.stryker-test-map.json');
}

module.exports = TestMapEnvironment;
module.exports.mapFileOf = mapFileOf;
