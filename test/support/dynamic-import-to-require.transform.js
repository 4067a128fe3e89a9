/**
 * Jest runs CommonJS inside node:vm, where `import()` throws unless node runs with
 * --experimental-vm-modules. PGlite's CommonJS bundle loads node built-ins (fs, zlib, util, …) with
 * `await import("…")`; this transform turns those literal imports into `require`, so the real PGlite
 * runs under jest without experimental flags. Applied to @electric-sql/pglite only (jest.config.js).
 * Test tooling only: the application loads PGlite through plain node, where `import()` works.
 */
const { createHash } = require('node:crypto');

module.exports = {
  process(sourceText) {
    const code = sourceText.replace(/\bimport\(("[^"]+")\)/g, 'Promise.resolve(__jestRequireForDynamicImport($1))');
    return { code: `const __jestRequireForDynamicImport = require;${code}` };
  },
  getCacheKey(sourceText) {
    return createHash('sha256').update('dynamic-import-to-require:1\n').update(sourceText).digest('hex');
  },
};
