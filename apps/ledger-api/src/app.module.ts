import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { API_KEYS, ApiKeyGuard } from './auth/api-key.guard';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config';
import { ApplicationModule } from './application/application.module';
import { AuditModule } from './audit/audit.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CartsModule } from './carts/carts.module';
import { FaultsModule } from './faults/faults.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MetricsModule } from './metrics/metrics.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { OrdersModule } from './orders/orders.module';
import { PricesModule } from './prices/prices.module';
import { ProjectionsModule } from './projections/projections.module';
import { QueriesModule } from './queries/queries.module';
import { StoreModule } from './store/store.module';

@Global()
@Module({})
class ConfigModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
      ],
      exports: [LEDGER_CONFIG, API_KEYS],
    };
  }
}

function logging(config: LedgerConfig): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      // request.id is the correlation id (Fastify's genReqId, see bootstrap.ts); bound once per request,
      // it is on the completion line and on every log line written while the request runs
      customAttributeKeys: { reqId: 'correlationId' },
      quietReqLogger: true,
      redact: ['req.headers.authorization'],
      serializers: { req: (req: { id: unknown; method: string; url: string }) => ({ method: req.method, url: req.url }) },
    },
  });
}

@Module({})
export class AppModule {
  static forConfig(config: LedgerConfig, extraModules: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forConfig(config), logging(config), StoreModule, ApplicationModule, IdempotencyModule, HealthModule, CampaignsModule, CartsModule, PricesModule, OrdersModule, ProjectionsModule, QueriesModule, AuditModule, MetricsModule, MonitoringModule, FaultsModule, ...(extraModules ?? [])],
      providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
    };
  }
}
