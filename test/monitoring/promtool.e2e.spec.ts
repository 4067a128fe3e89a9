import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireOrSkip } from '../conformance/conformance-target';

/**
 * infra/prometheus: the alert rules are valid and their `promtool test rules` cases (the SPRING40
 * incident replayed) pass, with the real promtool (Debian `prometheus`). In CI a missing promtool
 * fails the suite; on a laptop it is skipped, loudly.
 */
const RULES_DIR = resolve(__dirname, '../../infra/prometheus');
const promtoolFound = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const mode = requireOrSkip('promtool (apt-get install prometheus)', promtoolFound);

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: RULES_DIR, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

(mode === 'run' ? describe : describe.skip)('Prometheus alert rules (promtool)', () => {
  it('are valid rules, one alert per condition the built-in monitors watch', async () => {
    const check = promtool('check', 'rules', 'ledger-alerts.rules.yml');
    expect(check.output).toContain('SUCCESS');
    expect(check.status).toBe(0);
    const rules = await readFile(join(RULES_DIR, 'ledger-alerts.rules.yml'), 'utf8');
    for (const alert of ['LedgerDiscountSuccessRateLow', 'LedgerDiscountSuccessRateDropped', 'LedgerChargeMismatch', 'LedgerRejectionReasonSpike', 'LedgerProjectionLag']) {
      expect(rules).toContain(`alert: ${alert}`);
    }
  });

  it('pass their incident replay: nothing before the fault; rate drop, mismatches, one reason rising and lag after', () => {
    const test = promtool('test', 'rules', 'ledger-alerts.test.yml');
    expect(test.output).toContain('SUCCESS');
    expect(test.status).toBe(0);
  });

  it('would catch rules that fire on steady traffic (the replay fails if the spike alert expected nothing before the fault but got it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-promtool-'));
    try {
      await copyFile(join(RULES_DIR, 'ledger-alerts.rules.yml'), join(dir, 'ledger-alerts.rules.yml'));
      const rules = await readFile(join(dir, 'ledger-alerts.rules.yml'), 'utf8');
      expect(rules).toMatch(/ratio_rate10m > 3 \*/);
      // a careless rule: any rejection reason above 10 % of attempts — MIN_SUBTOTAL_NOT_MET always is
      await writeFile(join(dir, 'ledger-alerts.rules.yml'), rules.replace(/reason:ledger_coupon_rejection_share:ratio_rate10m > 3 \*[\s\S]*?>= 20\n/, 'reason:ledger_coupon_rejection_share:ratio_rate10m > 0.1\n'));
      await copyFile(join(RULES_DIR, 'ledger-alerts.test.yml'), join(dir, 'ledger-alerts.test.yml'));
      const run = spawnSync('promtool', ['test', 'rules', 'ledger-alerts.test.yml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).not.toBe(0);
      expect(`${run.stdout}${run.stderr}`).toContain('MIN_SUBTOTAL_NOT_MET');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
