import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { type LedgerConfig } from './config/ledger-config';

/** Builds the whole HTTP application for a configuration; used by main.ts and by the end-to-end suites. */
export async function createLedgerApp(config: LedgerConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forConfig(config), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('promo-ledger')
    .setDescription('Event-sourced promotion ledger: commands, queries, audit.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
