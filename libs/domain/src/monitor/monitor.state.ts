import { assertNever } from '../decider';
import type { AlertDetails, AlertSeverity, MonitorEvent } from './monitor.events';

export interface FiringAlert {
  readonly alertId: string;
  readonly severity: AlertSeverity;
  readonly campaignId: string | null;
  readonly summary: string;
  readonly details: AlertDetails;
  readonly raisedAt: string;
}

export interface MonitorState {
  readonly rule: string | null;
  /** The alerts firing now, by key; a resolved alert leaves, so the same key can fire again later. */
  readonly firing: Readonly<Record<string, FiringAlert>>;
}

export const initialMonitorState = (): MonitorState => ({ rule: null, firing: {} });

export function evolveMonitor(state: MonitorState, event: MonitorEvent): MonitorState {
  switch (event.type) {
    case 'AlertRaised': {
      const { alertId, rule, key, severity, campaignId, summary, details, raisedAt } = event.data;
      return { rule, firing: { ...state.firing, [key]: { alertId, severity, campaignId, summary, details, raisedAt } } };
    }
    case 'AlertUpdated': {
      const { key, summary, details } = event.data;
      const firing = state.firing[key];
      return firing === undefined ? state : { ...state, firing: { ...state.firing, [key]: { ...firing, summary, details } } };
    }
    case 'AlertResolved': {
      const { [event.data.key]: _resolved, ...stillFiring } = state.firing;
      return { ...state, firing: stillFiring };
    }
    default:
      return assertNever(event);
  }
}
