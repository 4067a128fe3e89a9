import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The dependency rules are only worth having if they fail when broken. This runs the project's own
 * dependency-cruiser configuration over deliberate violations (test/fixtures/arch-violations) and
 * over the real tree.
 */
interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

const root = join(__dirname, '..');

function cruise(...args: string[]): Violation[] {
  const bin = join(root, 'node_modules', '.bin', 'depcruise');
  let output: string;
  try {
    output = execFileSync(bin, [...args, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: root,
      encoding: 'utf8',
      // the JSON report lists every module of the tree: well past the 1 MiB default as the project grows
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    // depcruise exits non-zero when it finds violations; the report is still on stdout
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

describe('architecture rules', () => {
  const violations = cruise('test/fixtures/arch-violations');
  const fixture = (path: string): string => `test/fixtures/arch-violations/${path}`;

  it.each([
    ['domain-is-pure-no-nest', 'libs/domain/src/uses-nest.ts'],
    ['domain-is-pure-no-node-io', 'libs/domain/src/reads-files.ts'],
    ['domain-is-pure-no-store-clients', 'libs/domain/src/talks-to-postgres.ts'],
    ['domain-imports-no-other-lib', 'libs/domain/src/imports-event-store.ts'],
    ['libs-do-not-import-apps', 'libs/event-store/src/index.ts'],
    ['no-deep-imports-into-other-libs', 'apps/ledger-api/src/deep-import.ts'],
    ['no-circular', 'libs/domain/src/cycle-a.ts'],
    ['audit-is-outermost-lib', 'libs/projections/src/imports-audit.ts'],
  ])('rule %s fails on %s', (rule, from) => {
    expect(violations).toContainEqual(expect.objectContaining({ rule: expect.objectContaining({ name: rule }), from: fixture(from) }));
  });

  it('flags nothing in the fixtures that is not a deliberate violation', () => {
    const offenders = new Set(violations.map((violation) => violation.from));
    expect(offenders).not.toContain(fixture('apps/ledger-api/src/config.ts'));
    expect(offenders).not.toContain(fixture('libs/domain/src/index.ts'));
  });

  it('holds for the real apps and libs', () => {
    expect(cruise('apps', 'libs', 'test', '--exclude', '^test/fixtures/')).toEqual([]);
  });
});
