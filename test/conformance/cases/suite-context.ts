import type { ConformanceTarget } from '../conformance-target';

/** Hands the cases the target built in beforeAll (jest collects tests before any target exists). */
export interface SuiteContext {
  readonly target: () => ConformanceTarget;
}
