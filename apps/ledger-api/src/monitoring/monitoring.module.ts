import { Module } from '@nestjs/common';
import { AlertWebhook } from './alert-webhook';
import { AlertsController } from './alerts.http.controller';
import { MonitorEvaluator } from './monitor-evaluator';
import { MonitorReadings } from './monitor-readings';
import { MonitorScheduler } from './monitor-scheduler';

/** Built-in monitors (DESIGN §9): rules over the read models, alerts as events, GET /v1/alerts, the webhook. */
@Module({
  controllers: [AlertsController],
  providers: [MonitorReadings, MonitorEvaluator, AlertWebhook, MonitorScheduler],
})
export class MonitoringModule {}
