import { accept, reject, type Decider, type Decision, type DomainCommand } from '../decider';
import type { AlertDetails, AlertRaised, MonitorEvent } from './monitor.events';
import { evolveMonitor, initialMonitorState, type MonitorState } from './monitor.state';

/** What the raised alert will say; the decider adds when. */
export type RaiseAlert = DomainCommand<'RaiseAlert', Omit<AlertRaised['data'], 'raisedAt'>>;
export type UpdateAlert = DomainCommand<'UpdateAlert', { readonly rule: string; readonly key: string; readonly summary: string; readonly details: AlertDetails }>;
export type ResolveAlert = DomainCommand<'ResolveAlert', { readonly rule: string; readonly key: string; readonly summary: string }>;

export type MonitorCommand = RaiseAlert | UpdateAlert | ResolveAlert;

export interface MonitorContext {
  readonly now: string;
}

export const MonitorRejections = {
  alreadyFiring: 'MONITOR.ALERT_ALREADY_FIRING',
  notFiring: 'MONITOR.ALERT_NOT_FIRING',
  invalid: 'MONITOR.INVALID_ALERT',
} as const;

/**
 * An alert fires once per condition: raising one already firing is refused (another replica got
 * there first), and only a firing alert can be updated or resolved. An update that changes nothing
 * appends nothing, so a steady condition leaves the stream alone.
 */
export function decideMonitor(command: MonitorCommand, state: MonitorState, { now }: MonitorContext): Decision<MonitorEvent> {
  const { rule, key } = command.data;
  if (rule.trim() === '' || key.trim() === '') return reject(MonitorRejections.invalid, 'Give the rule and the key the alert is about.');
  if (state.rule !== null && state.rule !== rule) {
    return reject(MonitorRejections.invalid, `This stream holds the alerts of ${state.rule}; send ${rule}'s alerts to its own stream.`, { rule: state.rule });
  }
  const firing = state.firing[key];
  switch (command.type) {
    case 'RaiseAlert': {
      if (firing !== undefined) {
        return reject(MonitorRejections.alreadyFiring, `${rule} is already firing for ${key} (alert ${firing.alertId}); update or resolve it instead.`, { alertId: firing.alertId });
      }
      if (command.data.summary.trim() === '') return reject(MonitorRejections.invalid, 'Give the alert a summary an operator can act on.');
      return accept({ type: 'AlertRaised', data: { ...command.data, raisedAt: now } });
    }
    case 'UpdateAlert': {
      if (firing === undefined) return reject(MonitorRejections.notFiring, `${rule} is not firing for ${key}; raise it first.`);
      const { summary, details } = command.data;
      if (summary === firing.summary && sameJson(details, firing.details)) return accept();
      return accept({ type: 'AlertUpdated', data: { alertId: firing.alertId, rule, key, summary, details, updatedAt: now } });
    }
    case 'ResolveAlert': {
      if (firing === undefined) return reject(MonitorRejections.notFiring, `${rule} is not firing for ${key}; there is nothing to resolve.`);
      return accept({ type: 'AlertResolved', data: { alertId: firing.alertId, rule, key, summary: command.data.summary, resolvedAt: now } });
    }
  }
}

/** Details are plain JSON written by the same code, so key order is stable and a string comparison is exact. */
function sameJson(left: AlertDetails, right: AlertDetails): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

export const monitorDecider: Decider<MonitorCommand, MonitorEvent, MonitorState, MonitorContext> = {
  initialState: initialMonitorState,
  evolve: evolveMonitor,
  decide: decideMonitor,
};
