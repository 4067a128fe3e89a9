/**
 * One jest run covers every suite; suites are told apart by file suffix
 * (*.unit.spec.ts, *.prop.spec.ts, *.arch.spec.ts, *.e2e.spec.ts, later *.conformance.spec.ts).
 * Path aliases come from tsconfig.base.json so that jest and the build resolve imports alike.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // PGlite compiles its wasm on open (~3 s under jest); suites that start the app need more than 5 s.
  testTimeout: 30_000,
  // two workers on the 2-core CI machine: the e2e suites spend much of their time waiting on PostgreSQL
  // and PGlite, so two at once roughly halve the run (jest's default there would be one)
  maxWorkers: 2,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/fixtures/'],
  transform: {
    '^.+\\.ts$': ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }],
    // PGlite's CommonJS bundle uses import() for node built-ins, which jest's vm cannot run: see the transform.
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/test/support/dynamic-import-to-require.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  reporters: ['default', '<rootDir>/test/support/pass-fail-line.reporter.js'],
};
