// Under Stryker only (stryker.config.mjs). A mutant is tested by the tests that cover it, chosen by
// a name pattern; Jest still loads every related test file to match names, even files holding
// none of those tests, and loading them was most of a mutant's ~3 s. This leaves out the files
// that, by the names written down in the initial run (environment.cjs), hold no test matching the
// pattern: the same tests run, so a mutant's result is the same. A file not written down is kept.
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;
const { mapFileOf } = require('./environment.cjs');

class CoveringFilesSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.globalConfig = options.globalConfig;
  }

  sort(tests) {
    const pattern = this.globalConfig.testNamePattern;
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined || !pattern) return super.sort(tests);
    let map;
    try {
      map = JSON.parse(fs.readFileSync(mapFileOf(this.globalConfig.rootDir), 'utf8'));
    } catch {
      return super.sort(tests);
    }
    const re = new RegExp(pattern, 'i');
    const kept = tests.filter((t) => !(t.path in map) || map[t.path].some((name) => re.test(name)));
    return super.sort(kept.length > 0 ? kept : tests);
  }
}

module.exports = CoveringFilesSequencer;
