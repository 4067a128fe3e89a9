import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { type LedgerConfig } from './config/ledger-config';
import { jsonOnly } from './http/json-only.middleware';
import { problemErrorMiddleware, ProblemDetailsFilter } from './http/problem-details.filter';
import { ledgerValidationPipe } from './http/validation';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Builds the whole HTTP application for a configuration; used by main.ts and by the end-to-end
 * suites (which may add modules, e.g. a probe controller), so tests exercise the real pipeline.
 */
export async function createLedgerApp(config: LedgerConfig, extraModules: DynamicModule['imports'] = []): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forConfig(config, extraModules), { bodyParser: false, bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Body handling happens before Nest routing, so its failures get their own problem+json handler.
  app.use(jsonOnly, json({ limit: MAX_BODY_BYTES }), problemErrorMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(ledgerValidationPipe());
  const openApi = new DocumentBuilder()
    .setTitle('promo-ledger')
    .setDescription('Event-sourced promotion ledger: commands, queries, audit.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
