import type { ConformanceTarget } from './conformance-target';
import { describeAppendCases } from './cases/append.cases';
import { describeReadCases } from './cases/read.cases';
import { describeBatchReadCases } from './cases/batch-read.cases';
import { describeBatchAppendCases } from './cases/batch-append.cases';
import { describeSubscriptionCases } from './cases/subscription.cases';
import { describeResilienceCases } from './cases/resilience.cases';
import { describeIntegrityCases } from './cases/integrity.cases';
import type { SuiteContext } from './cases/suite-context';


/**
 * The one set of cases every EventStore adapter passes (DESIGN §5, issue 3). Each *.conformance.spec.ts
 * builds its target and calls this. The target's store must use `conformanceRegistry`
 * (conformance-fixtures.ts). Cases share one store but write to stream ids unique to the run and case,
 * so they never depend on what other cases or earlier runs left in the log.
 *
 * `targetName` titles the describe block: jest names tests before the (async) target exists.
 */
export function describeEventStoreConformance(makeTarget: () => Promise<ConformanceTarget>, targetName = 'event store'): void {
  describe(`EventStore conformance: ${targetName}`, () => {
    let current: ConformanceTarget | null = null;
    const context: SuiteContext = {
      target: () => {
        if (!current) throw new Error('the conformance target failed to start: see the beforeAll error');
        return current;
      },
    };

    beforeAll(async () => {
      current = await makeTarget();
    }, 60_000);

    afterAll(async () => {
      await current?.dispose();
    }, 30_000);

    describeAppendCases(context);
    describeReadCases(context);
    describeBatchReadCases(context);
    describeBatchAppendCases(context);
    describeSubscriptionCases(context);
    describeResilienceCases(context);
    describeIntegrityCases(context);
  });
}
