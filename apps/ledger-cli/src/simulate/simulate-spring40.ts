import { AlertWatch, type AlertView, comparePositions } from './alert-watch';
import { LedgerCallFailed, type LedgerHttp } from './ledger-http';
import { runShopper, type ShopperOutcome } from './shopper-run';
import { CATALOGUE, planShopper, type ShopperPlan, type SimulationShape, SPRING40_ID, spring40Campaign } from './spring40-scenario';

export interface SimulationOptions extends Omit<SimulationShape, 'faultFrom'> {
  /** Fraction of the shoppers served before the fault is injected, 0..1. */
  readonly faultAfter: number;
  /** Shoppers in flight at once (the checkout service's parallelism). */
  readonly concurrency: number;
  /** Simulated seconds per real second; 0 runs as fast as the ledger answers. */
  readonly speed: number;
  /** Distinguishes this run's carts, customers and orders from other runs on the same ledger. */
  readonly runTag: string;
  /** How long to watch for alerts while the clean traffic settles, and for the alert after the run. */
  readonly settleMs: number;
  /** Seconds the ledger's read models are held back when the fault begins (0: not at all; needs LEDGER_FAULT_INJECTION=on and an admin key). */
  readonly projectionLag: number;
}

export interface SimulationResult {
  readonly options: SimulationOptions;
  readonly startedAt: string;
  readonly faultFrom: number;
  readonly before: readonly ShopperOutcome[];
  readonly after: readonly ShopperOutcome[];
  /** Alerts already in the log when the fault was injected (there must be none). */
  readonly alertsBeforeFault: readonly AlertView[];
  /** Alerts raised after the fault, oldest first. */
  readonly alertsAfterFault: readonly AlertView[];
  /** GET /v1/mismatches for SPRING40 since the run began, read with the last charge's position. */
  readonly ledgerMismatches: { readonly orderIds: readonly string[]; readonly exposure: number };
}

export type Progress = (line: string) => void;

/**
 * `ledger simulate spring40`: the postmortem replayed against a running ledger through its HTTP
 * API. Clean traffic first (no alert may fire), then the checkout's pricing module starts dropping
 * the discount for a share of the orders it was due on; the ledger must notice.
 */
export async function simulateSpring40(ledger: LedgerHttp, options: SimulationOptions, progress: Progress): Promise<SimulationResult> {
  const startedAt = new Date().toISOString();
  const faultFrom = Math.round(options.size * options.faultAfter);
  const shape: SimulationShape = { ...options, faultFrom };
  const plans = Array.from({ length: options.size }, (_, index) => planShopper(shape, index));
  await publishCatalogueAndCampaign(ledger, options.runTag);
  progress(`catalogue of ${CATALOGUE.length} skus priced, SPRING40 active: "${String(spring40Campaign().advertisedText)}"`);

  const watch = new AlertWatch(ledger, (alert) => progress(`⚠ ALERT ${alert.rule}: ${alert.summary} (raised ${alert.raisedAt})`));
  await watch.poll();
  watch.start();
  try {
    progress(`${faultFrom} shoppers on a healthy checkout…`);
    const before = await runShoppers(ledger, options, plans.slice(0, faultFrom), progress);
    await settle(ledger, before, options.settleMs);
    await watch.poll();
    const alertsBeforeFault = watch.alerts();
    progress(`fault injected at simulated ${clock(plans[faultFrom]?.arrivesAt ?? 0)}: the checkout's pricing module now drops the discount for ${Math.round(options.faultShare * 100)} % of the orders it is due on`);
    if (options.projectionLag > 0) {
      await ledger.call('admin', 'POST', '/v1/admin/faults/projection-lag', { idempotencyKey: `sim-${options.runTag}-lag`, body: { seconds: options.projectionLag } });
      progress(`and the ledger's read models are held back for ${options.projectionLag} s, like the incident's lagging legacy database`);
    }
    const after = await runShoppers(ledger, options, plans.slice(faultFrom), progress);
    const last = await settle(ledger, after, 0);
    const alertsAfterFault = await awaitAlert(watch, alertsBeforeFault.length, options.settleMs);
    return { options, startedAt, faultFrom, before, after, alertsBeforeFault, alertsAfterFault, ledgerMismatches: await readMismatches(ledger, startedAt, last) };
  } finally {
    await watch.stop().catch(() => undefined);
  }
}

async function publishCatalogueAndCampaign(ledger: LedgerHttp, runTag: string): Promise<void> {
  const prices = CATALOGUE.map(({ sku, category, price }) => ({ sku, category, price: { amount: price, currency: 'USD' }, reason: 'spring range' }));
  await ledger.call('pricing', 'POST', '/v1/prices/batch', { idempotencyKey: `sim-${runTag}-prices`, body: { prices } });
  try {
    await ledger.call('marketing', 'POST', '/v1/campaigns', { idempotencyKey: `sim-${runTag}-campaign`, body: spring40Campaign() });
  } catch (error) {
    // a ledger that ran the simulation before keeps its SPRING40; this run's shoppers are new customers
    if (!(error instanceof LedgerCallFailed && error.code === 'CAMPAIGN.ALREADY_EXISTS')) throw error;
  }
  await ledger.call('marketing', 'POST', `/v1/campaigns/${SPRING40_ID}/activate`, { idempotencyKey: `sim-${runTag}-activate`, accept: [409] });
}

async function runShoppers(ledger: LedgerHttp, options: SimulationOptions, plans: readonly ShopperPlan[], progress: Progress): Promise<ShopperOutcome[]> {
  const outcomes: ShopperOutcome[] = new Array<ShopperOutcome>(plans.length);
  const firstArrival = plans[0]?.arrivesAt ?? 0;
  const realStart = Date.now();
  const step = Math.max(1, Math.round(plans.length / 5));
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < plans.length) {
      const slot = next++;
      const plan = plans[slot];
      if (options.speed > 0) await sleep(realStart + ((plan.arrivesAt - firstArrival) / options.speed) * 1000 - Date.now());
      outcomes[slot] = await runShopper(ledger, options.runTag, plan);
      done += 1;
      if (done % step === 0 || done === plans.length) progress(progressLine(plan, outcomes.slice(0, slot + 1), done, plans.length));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, plans.length) }, worker));
  return outcomes;
}

function progressLine(plan: ShopperPlan, outcomes: readonly (ShopperOutcome | undefined)[], done: number, of: number): string {
  const settled = outcomes.filter((outcome): outcome is ShopperOutcome => outcome !== undefined);
  const orders = settled.filter((outcome) => outcome.orderId !== null);
  const due = orders.filter((outcome) => outcome.discountDue > 0);
  const dropped = due.filter((outcome) => outcome.discountDropped > 0);
  return `  sim ${clock(plan.arrivesAt)}  ${done}/${of} shoppers · ${orders.length} orders · ${due.length} with SPRING40 due · ${dropped.length} charged without it`;
}

/** Waits until the read models have applied the last charge, then lets the monitors look for `ms`. */
async function settle(ledger: LedgerHttp, outcomes: readonly ShopperOutcome[], ms: number): Promise<string | null> {
  const last = lastPosition(outcomes);
  if (last !== null) await readWhenCaughtUp(ledger, `/v1/mismatches?limit=1&minPosition=${encodeURIComponent(last)}`);
  await sleep(ms);
  return last;
}

/** A read with minPosition, asked again while the read models lag (503 READ_MODEL_LAGGING), for up to two minutes. */
async function readWhenCaughtUp<T>(ledger: LedgerHttp, path: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return (await ledger.call<T>('finance', 'GET', path)).body;
    } catch (error) {
      if (!(error instanceof LedgerCallFailed && error.code === 'READ_MODEL_LAGGING') || Date.now() > deadline) throw error;
    }
  }
}

async function awaitAlert(watch: AlertWatch, alreadySeen: number, ms: number): Promise<AlertView[]> {
  const deadline = Date.now() + Math.max(ms, 10_000);
  while (watch.alerts().length === alreadySeen && Date.now() < deadline) await sleep(100);
  await watch.poll();
  return watch.alerts().slice(alreadySeen);
}

interface MismatchesPage {
  readonly items: { readonly orderId: string }[];
  readonly totals: { readonly exposure: { readonly amount: number; readonly currency: string }[] };
  readonly nextCursor: string | null;
}

async function readMismatches(ledger: LedgerHttp, from: string, minPosition: string | null): Promise<SimulationResult['ledgerMismatches']> {
  const orderIds: string[] = [];
  let exposure = 0;
  let cursor: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({ campaignId: SPRING40_ID, from, limit: '500', ...(minPosition ? { minPosition } : {}), ...(cursor ? { cursor } : {}) });
    const page: MismatchesPage = await readWhenCaughtUp<MismatchesPage>(ledger, `/v1/mismatches?${query.toString()}`);
    orderIds.push(...page.items.map((item) => item.orderId));
    if (cursor === null) exposure = page.totals.exposure.find((money) => money.currency === 'USD')?.amount ?? 0;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { orderIds, exposure };
}

function lastPosition(outcomes: readonly ShopperOutcome[]): string | null {
  const positions = outcomes.map((outcome) => outcome.chargePosition).filter((position): position is string => position !== null);
  return positions.reduce<string | null>((latest, position) => (latest === null || comparePositions(position, latest) > 0 ? position : latest), null);
}

/** Simulated seconds as hh:mm:ss after the simulated opening of the shop. */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60].map((part) => String(part).padStart(2, '0')).join(':');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
