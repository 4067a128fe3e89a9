export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export type { EsdbSubscriptionTuning } from './esdb-subscription';
