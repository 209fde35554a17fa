// The deterministic unit tests (the pure engine, parsers, policies): what the mutation run of
// src/domain uses. The fuzz tests are left out: a mutant they alone kill is killed by chance, and
// each of them takes seconds per mutant.
const base = require('./jest.config');
module.exports = { ...base, roots: ['<rootDir>/tests/unit'], testPathIgnorePatterns: ['\\.fuzz\\.test\\.ts$'] };
