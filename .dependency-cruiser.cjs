/**
 * Architecture rules (DESIGN §3, STYLE rules 1–2): dependencies point inward, apps → libs → domain.
 * test/fixtures/arch-violations holds deliberate violations; test/architecture.arch.spec.ts runs
 * this configuration against them to prove each rule fails when broken.
 */
const NODE_IO = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|os|path|process|readline|crypto)$';
const CLIENTS = '(pg|@electric-sql/pglite|@eventstore/db-client|@kurrent/[^/]+|ioredis|amqplib|axios|undici)';
// bare (unresolved) or resolved into node_modules
const STORE_CLIENTS = `^${CLIENTS}(/|$)|(^|/)node_modules/${CLIENTS}/`;

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure-no-nest',
      comment: 'libs/domain holds the business rules and must not know about Nest.',
      severity: 'error',
      from: { path: '(^|/)libs/domain/' },
      to: { path: '(^|/)node_modules/@nestjs/' },
    },
    {
      name: 'domain-is-pure-no-node-io',
      comment: 'libs/domain does no I/O: no file system, network, process or crypto modules.',
      severity: 'error',
      from: { path: '(^|/)libs/domain/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'domain-is-pure-no-store-clients',
      comment: 'libs/domain talks to no database, store, broker or HTTP client.',
      severity: 'error',
      from: { path: '(^|/)libs/domain/' },
      to: { path: STORE_CLIENTS },
    },
    {
      name: 'domain-imports-no-other-lib',
      comment: 'libs/domain is the centre: it imports no other lib and no app.',
      severity: 'error',
      from: { path: '(^|/)libs/domain/' },
      to: { path: '(^|/)(libs/(?!domain/)[^/]+|apps)/' },
    },
    {
      name: 'libs-do-not-import-apps',
      comment: 'Libraries are used by apps, never the other way round.',
      severity: 'error',
      from: { path: '(^|/)libs/' },
      to: { path: '(^|/)apps/' },
    },
    {
      name: 'no-deep-imports-into-other-libs',
      comment: 'Another lib is used through its index (the @promo-ledger/<lib> alias), not its internals.',
      severity: 'error',
      from: { path: '(^|/)(apps|libs)/([^/]+)/' },
      to: { path: '(^|/)libs/([^/]+)/src/.+', pathNot: ['(^|/)libs/$3/', '(^|/)libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'audit-is-outermost-lib',
      comment: 'libs/audit reads the store and reuses the projections; no other lib depends on it (only apps do).',
      severity: 'error',
      from: { path: '(^|/)libs/(?!audit/)[^/]+/' },
      to: { path: '(^|/)libs/audit/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles hide layering mistakes and break module initialisation order.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
