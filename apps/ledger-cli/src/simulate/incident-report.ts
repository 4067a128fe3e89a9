import { type AlertView, comparePositions } from './alert-watch';
import type { ShopperOutcome } from './shopper-run';
import { clock, type SimulationResult } from './simulate-spring40';

/** The postmortem's promise, as checks: an alert within 50 discount-due orders or 5 simulated minutes. */
export const ALERT_WITHIN_ORDERS = 50;
export const ALERT_WITHIN_SIMULATED_SECONDS = 5 * 60;

export interface AlertTiming {
  readonly alert: AlertView;
  /** Orders with a discount due charged after the fault began and before the alert was raised. */
  readonly dueOrdersBefore: number;
  /** Of those, the ones charged without their discount. */
  readonly affectedBefore: number;
  /** Simulated time from the fault to the last charge the alert came after. */
  readonly simulatedSeconds: number;
}

export interface IncidentFindings {
  readonly rateBefore: number | null;
  readonly rateAfter: number | null;
  readonly affected: readonly ShopperOutcome[];
  /** The exact refund owed, in USD minor units: the discounts the fault dropped. */
  readonly refundTotal: number;
  readonly timing: AlertTiming | null;
  readonly checks: readonly { readonly ok: boolean; readonly sentence: string }[];
}

const orders = (outcomes: readonly ShopperOutcome[]) => outcomes.filter((outcome) => outcome.orderId !== null);
const due = (outcomes: readonly ShopperOutcome[]) => orders(outcomes).filter((outcome) => outcome.discountDue > 0);

/** Orders charged with every discount due ÷ orders a discount was due on (DESIGN §9). */
function successRate(outcomes: readonly ShopperOutcome[]): number | null {
  const dueOrders = due(outcomes);
  return dueOrders.length === 0 ? null : dueOrders.filter((outcome) => outcome.discountDropped === 0).length / dueOrders.length;
}

function alertTiming(result: SimulationResult): AlertTiming | null {
  const alert = result.alertsAfterFault[0];
  if (alert === undefined) return null;
  const chargedBefore = due(result.after).filter((outcome) => outcome.chargePosition !== null && comparePositions(outcome.chargePosition, alert.position) < 0);
  const faultStart = result.after[0]?.plan.arrivesAt ?? 0;
  const lastArrival = Math.max(faultStart, ...chargedBefore.map((outcome) => outcome.plan.arrivesAt));
  return {
    alert,
    dueOrdersBefore: chargedBefore.length,
    affectedBefore: chargedBefore.filter((outcome) => outcome.discountDropped > 0).length,
    simulatedSeconds: lastArrival - faultStart,
  };
}

export function findIncident(result: SimulationResult): IncidentFindings {
  const affected = orders(result.after).filter((outcome) => outcome.discountDropped > 0);
  const refundTotal = affected.reduce((sum, outcome) => sum + outcome.discountDropped, 0);
  const timing = alertTiming(result);
  const ledgerIds = new Set(result.ledgerMismatches.orderIds);
  const sameOrders = ledgerIds.size === affected.length && affected.every((outcome) => ledgerIds.has(outcome.orderId ?? ''));
  const checks = [
    { ok: result.alertsBeforeFault.length === 0, sentence: `no alert before the fault (${result.alertsBeforeFault.length} raised)` },
    affected.length === 0
      ? { ok: result.alertsAfterFault.length === 0, sentence: 'no discount was dropped, and no alert fired' }
      : result.options.projectionLag > 0
        ? { ok: timing !== null, sentence: `an alert fired after the fault (how soon is not judged: the read models were held back ${result.options.projectionLag} s)` }
        : {
          ok: timing !== null && (timing.dueOrdersBefore <= ALERT_WITHIN_ORDERS || timing.simulatedSeconds <= ALERT_WITHIN_SIMULATED_SECONDS),
          sentence: `alert within ${ALERT_WITHIN_ORDERS} discount-due orders or ${ALERT_WITHIN_SIMULATED_SECONDS / 60} simulated minutes of the fault`,
        },
    { ok: sameOrders, sentence: `the ledger's mismatches are exactly the ${affected.length} orders the fault hit (ledger lists ${ledgerIds.size})` },
    { ok: result.ledgerMismatches.exposure === refundTotal, sentence: `the ledger's exposure equals the discounts dropped (${usd(result.ledgerMismatches.exposure)} vs ${usd(refundTotal)})` },
  ];
  return { rateBefore: successRate(result.before), rateAfter: successRate(result.after), affected, refundTotal, timing, checks };
}

export function usd(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const whole = Math.abs(minor);
  return `${sign}${Math.floor(whole / 100).toLocaleString('en-US')}.${String(whole % 100).padStart(2, '0')} USD`;
}

const percent = (rate: number | null) => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)} %`);

/** After the first alert, each other rule once: its first raise and how often it was raised in all. */
function otherRules(alerts: readonly AlertView[]): string[] {
  const byRule = new Map<string, AlertView[]>();
  for (const alert of alerts) byRule.set(alert.rule, [...(byRule.get(alert.rule) ?? []), alert]);
  return [...byRule].flatMap(([rule, raised]) => {
    const shown = rule === alerts[0]?.rule ? raised.slice(1) : raised;
    if (shown.length === 0) return [];
    const times = raised.length > 1 ? ` (raised ${raised.length} times)` : '';
    return [`  and "${rule}"${times}: ${shown[0].summary}`];
  });
}

export function reportLines(result: SimulationResult, findings: IncidentFindings): string[] {
  const all = [...result.before, ...result.after];
  const couponAnswers = new Map<string, number>();
  for (const outcome of all) if (outcome.couponAnswer !== null) couponAnswers.set(outcome.couponAnswer, (couponAnswers.get(outcome.couponAnswer) ?? 0) + 1);
  const { timing } = findings;
  const lines = [
    '',
    '── what happened ──────────────────────────────────────────────',
    `${all.length} shoppers, ${orders(all).length} orders, ${all.length - orders(all).length} carts abandoned, ${all.filter((outcome) => outcome.checkoutReplayed).length} checkout retries answered from the first response`,
    `coupon answers: ${[...couponAnswers].map(([answer, count]) => `${answer} ${count}`).join(', ')}`,
    `discount-application success rate: ${percent(findings.rateBefore)} before the fault, ${percent(findings.rateAfter)} after`,
    timing === null
      ? 'no alert fired after the fault'
      : `alert "${timing.alert.rule}" fired after ${timing.dueOrdersBefore} discount-due orders (${timing.affectedBefore} charged without it), ` +
        `${clock(timing.simulatedSeconds)} of simulated time after the fault: ${timing.alert.summary}`,
    ...otherRules(result.alertsAfterFault),
    `affected orders: ${findings.affected.length}; exact refund owed: ${usd(findings.refundTotal)}`,
    `GET /v1/mismatches: ${result.ledgerMismatches.orderIds.length} orders, exposure ${usd(result.ledgerMismatches.exposure)}`,
    '',
    ...findings.checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.sentence}`),
  ];
  return lines;
}
