import type { Finding } from './alert-finding';

export interface LagReading {
  readonly projection: string;
  readonly lagEvents: number;
  readonly lagSeconds: number;
}

/** A read model more than `maxSeconds` behind the log (the "database synchronisation" failure of the incident). */
export function projectionLagFindings(lag: readonly LagReading[], maxSeconds: number): Finding[] {
  return lag
    .filter((entry) => entry.lagSeconds > maxSeconds)
    .map((entry) => ({
      key: entry.projection,
      severity: 'warning' as const,
      summary: `Read model ${entry.projection} is ${Math.round(entry.lagSeconds)} s (${entry.lagEvents} events) behind the log, more than ${maxSeconds} s: queries and monitors see old data.`,
      details: { projection: entry.projection, lagEvents: entry.lagEvents, lagSeconds: entry.lagSeconds, maxSeconds },
      campaignId: null,
      tracked: false,
    }));
}

export const projectionLagResolved = (projection: string): string => `Read model ${projection} caught up with the log.`;
