import { randomBytes } from 'node:crypto';
import type { AuditReport } from '@promo-ledger/audit';
import { CliInputError } from '../commands/read-json';
import type { CommandOutput } from '../commands/terms-check.command';
import { replayTable } from '../commands/replay-table';
import { findIncident, type IncidentFindings, reportLines } from './incident-report';
import { LedgerHttp } from './ledger-http';
import { type Progress, type SimulationOptions, simulateSpring40 } from './simulate-spring40';

/** Options as the command line gives them (strings), before checking. */
export type SimulateFlags = Partial<Record<'size' | 'faultShare' | 'faultAfter' | 'seed' | 'concurrency' | 'speed' | 'hours' | 'settleMs' | 'runTag' | 'projectionLag', string>>;

function number(flags: SimulateFlags, name: keyof SimulateFlags, fallback: number, least: number, most: number, integer = true): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < least || value > most || (integer && !Number.isInteger(value))) {
    const flag = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    throw new CliInputError(`--${flag} must be ${integer ? 'a whole number' : 'a number'} from ${least} to ${most}, got "${raw}"`);
  }
  return value;
}

export function simulationOptions(flags: SimulateFlags): SimulationOptions {
  const runTag = flags.runTag ?? randomBytes(3).toString('hex');
  if (!/^[a-z0-9-]{1,24}$/.test(runTag)) throw new CliInputError(`--run-tag must be 1–24 lowercase letters, digits or dashes, got "${runTag}"`);
  return {
    size: number(flags, 'size', 2000, 10, 1_000_000),
    faultShare: number(flags, 'faultShare', 0.15, 0, 1, false),
    faultAfter: number(flags, 'faultAfter', 0.4, 0.05, 0.95, false),
    seed: number(flags, 'seed', 42, 0, 2 ** 31),
    concurrency: number(flags, 'concurrency', 8, 1, 256),
    speed: number(flags, 'speed', 0, 0, 1_000_000, false),
    hours: number(flags, 'hours', 6, 0.1, 24 * 30, false),
    settleMs: number(flags, 'settleMs', 3000, 0, 600_000),
    projectionLag: number(flags, 'projectionLag', 0, 0, 600),
    runTag,
  };
}

/** `ledger simulate spring40`: runs the incident against the ledger at LEDGER_URL and tells its story. */
export async function simulate(scenario: string, flags: SimulateFlags, env: NodeJS.ProcessEnv, progress: Progress): Promise<CommandOutput> {
  if (scenario !== 'spring40') throw new CliInputError(`unknown scenario "${scenario}"; the one there is: spring40`);
  const options = simulationOptions(flags);
  const ledger = LedgerHttp.fromEnv(env);
  progress(`SPRING40 incident against ${ledger.baseUrl}: ${options.size} shoppers over ${options.hours} simulated hours, seed ${options.seed}, run ${options.runTag}`);
  const result = await simulateSpring40(ledger, options, progress);
  const findings = findIncident(result);
  const lines = [...reportLines(result, findings), ...(await oneReplay(ledger, findings))];
  return { lines, exitCode: findings.checks.every((check) => check.ok) ? 0 : 1 };
}

/** Finance's view of the first order the fault hit: its replay, event by event, with the refund due. */
async function oneReplay(ledger: LedgerHttp, findings: IncidentFindings): Promise<string[]> {
  const orderId = findings.affected[0]?.orderId;
  if (orderId === undefined || orderId === null) return [];
  const audit = await ledger.call<AuditReport>('finance', 'GET', `/v1/orders/${encodeURIComponent(orderId)}/audit`);
  return ['', `one affected order, replayed event by event (\`ledger replay ${orderId}\`):`, ...replayTable(audit.body)];
}
