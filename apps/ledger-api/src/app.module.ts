import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config';
import { HealthModule } from './health/health.module';

@Global()
@Module({})
class ConfigModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: LEDGER_CONFIG, useValue: config }],
      exports: [LEDGER_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forConfig(config), HealthModule] };
  }
}
