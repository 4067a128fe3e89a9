/**
 * Lets a child process run the TypeScript sources directly (`node -r ./test/support/ts-register.js
 * apps/projector/src/main.ts`), for the reliability suites that kill -9 real processes: each file
 * is transpiled on require with the project's compiler options (decorator metadata included) and
 * the @promo-ledger/* aliases resolve to the libs' sources, as in jest and the build.
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const { options } = ts.convertCompilerOptionsFromJson({ ...compilerOptions, sourceMap: false, inlineSourceMap: true, paths: undefined, baseUrl: undefined }, root);

const aliases = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, `${target}.ts`)]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
