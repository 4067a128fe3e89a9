/**
 * The server's garbage collections and event-loop delay over a stretch of load, read off its own
 * `/metrics` (prom-client's default metrics): the GC counters are cumulative, so a stretch is the
 * difference of two scrapes; the event-loop delay histogram starts again at every scrape, so the
 * second scrape holds the stretch's own delays. A stop-the-world pause shows as delay for every
 * request in flight, which is how it reaches a latency percentile.
 */
export interface ServerRuntime {
  readonly gc: Readonly<Record<'major' | 'minor', { readonly count: number; readonly seconds: number }>>;
  readonly loopDelayP99Seconds: number;
  readonly loopDelayMaxSeconds: number;
}

export async function scrapeRuntime(baseUrl: string): Promise<ServerRuntime> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics → ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) samples.set(match[1], Number(match[2]));
  }
  const sample = (name: string): number => samples.get(name) ?? 0;
  const gc = (kind: 'major' | 'minor') => ({ count: sample(`nodejs_gc_duration_seconds_count{kind="${kind}"}`), seconds: sample(`nodejs_gc_duration_seconds_sum{kind="${kind}"}`) });
  return {
    gc: { major: gc('major'), minor: gc('minor') },
    loopDelayP99Seconds: sample('nodejs_eventloop_lag_p99_seconds'),
    loopDelayMaxSeconds: sample('nodejs_eventloop_lag_max_seconds'),
  };
}

/** One line for the report: the stretch between two scrapes. */
export function describeRuntime(before: ServerRuntime, after: ServerRuntime, seconds: number): string {
  const gc = (kind: 'major' | 'minor'): string => {
    const count = after.gc[kind].count - before.gc[kind].count;
    const ms = (after.gc[kind].seconds - before.gc[kind].seconds) * 1000;
    return `${count} ${kind} (${(count / seconds).toFixed(1)}/s, ${ms.toFixed(0)} ms in pauses)`;
  };
  return (
    `ledger-api's garbage collections during the load: ${gc('major')}, ${gc('minor')}; ` +
    `its event-loop delay p99 ${(after.loopDelayP99Seconds * 1000).toFixed(1)} ms, max ${(after.loopDelayMaxSeconds * 1000).toFixed(1)} ms\n`
  );
}
