import { spec } from '../testing/decider-spec';
import type { MonitorCommand } from './monitor.decider';
import { monitorDecider } from './monitor.decider';
import type { MonitorEvent } from './monitor.events';

const now = '2026-03-20T12:00:00.000Z';
const later = '2026-03-20T12:05:00.000Z';
const monitors = spec(monitorDecider);
const rule = 'mismatch';
const key = 'open-mismatches';

const raise = (alertId = 'alert-1', details: Record<string, unknown> = { openCount: 1 }): MonitorCommand => ({
  type: 'RaiseAlert',
  data: { alertId, rule, key, severity: 'critical', summary: '1 order charged differently than expected', details, campaignId: 'spring40' },
});
const raised = (alertId = 'alert-1'): MonitorEvent => ({
  type: 'AlertRaised',
  data: { alertId, rule, key, severity: 'critical', summary: '1 order charged differently than expected', details: { openCount: 1 }, campaignId: 'spring40', raisedAt: now },
});
const update = (details: Record<string, unknown>, summary = '2 orders charged differently than expected'): MonitorCommand => ({ type: 'UpdateAlert', data: { rule, key, summary, details } });
const resolve: MonitorCommand = { type: 'ResolveAlert', data: { rule, key, summary: 'no open mismatch left' } };
const resolved = (alertId = 'alert-1'): MonitorEvent => ({ type: 'AlertResolved', data: { alertId, rule, key, summary: 'no open mismatch left', resolvedAt: later } });

describe('monitor decider', () => {
  it('raises an alert that is not firing', () => {
    monitors.given([]).when(raise(), { now }).then([raised()]);
  });

  it('refuses to raise an alert already firing (a second replica lost the race)', () => {
    const rejection = monitors.given([raised()]).when(raise('alert-2'), { now }).thenRejects('MONITOR.ALERT_ALREADY_FIRING');
    expect(rejection.details).toEqual({ alertId: 'alert-1' });
  });

  it('raises the same condition again once it was resolved, under a new id', () => {
    monitors.given([raised(), resolved()]).when(raise('alert-2'), { now: later }).then([{ ...raised('alert-2'), data: { ...raised('alert-2').data, raisedAt: later } } as MonitorEvent]);
  });

  it('keeps other keys of the same rule apart', () => {
    const other: MonitorCommand = { type: 'RaiseAlert', data: { ...(raise('alert-2').data as Extract<MonitorCommand, { type: 'RaiseAlert' }>['data']), key: 'other' } };
    const [event] = monitors.given([raised()]).when(other, { now }).then([{ type: 'AlertRaised', data: { ...raised('alert-2').data, key: 'other' } } as MonitorEvent]);
    expect(event.type).toBe('AlertRaised');
  });

  it('updates a firing alert when what it measures changed', () => {
    monitors
      .given([raised()])
      .when(update({ openCount: 2 }), { now: later })
      .then([{ type: 'AlertUpdated', data: { alertId: 'alert-1', rule, key, summary: '2 orders charged differently than expected', details: { openCount: 2 }, updatedAt: later } }]);
  });

  it('appends nothing when an update changes nothing', () => {
    monitors.given([raised()]).when(update({ openCount: 1 }, '1 order charged differently than expected'), { now: later }).then([]);
  });

  it('resolves a firing alert with the id it was raised under', () => {
    monitors.given([raised()]).when(resolve, { now: later }).then([resolved()]);
  });

  it.each([
    ['update', update({ openCount: 2 })],
    ['resolve', resolve],
  ])('refuses to %s an alert that is not firing', (_label, command) => {
    monitors.given([raised(), resolved()]).when(command, { now: later }).thenRejects('MONITOR.ALERT_NOT_FIRING');
  });

  it('refuses an alert of another rule on this rule\'s stream, and an empty key or summary', () => {
    const foreign: MonitorCommand = { type: 'ResolveAlert', data: { rule: 'projection-lag', key, summary: 'caught up' } };
    monitors.given([raised()]).when(foreign, { now }).thenRejects('MONITOR.INVALID_ALERT');
    monitors.given([]).when({ type: 'ResolveAlert', data: { rule, key: ' ', summary: 'x' } }, { now }).thenRejects('MONITOR.INVALID_ALERT');
    const blank = raise();
    monitors.given([]).when({ ...blank, data: { ...blank.data, summary: '' } } as MonitorCommand, { now }).thenRejects('MONITOR.INVALID_ALERT');
  });
});
