// Under Stryker only (stryker.config.mjs): the node environment, which also writes down which
// tests each test file holds, during the initial run (no mutant active). sequencer.cjs reads it.
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
  }

  async handleTestEvent(event) {
    if (event.name !== 'test_start' || process.env[ACTIVE] !== undefined) return;
    if (!seen.has(this.testPath)) seen.set(this.testPath, []);
    seen.get(this.testPath).push(fullName(event.test));
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
