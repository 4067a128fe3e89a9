import type { IncomingMessage } from 'node:http';
import { type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { type LedgerConfig } from './config/ledger-config';
import { correlationIdOf, echoCorrelationId } from './http/correlation-id';
import { acceptJsonOnly, MAX_BODY_BYTES } from './http/json-body';
import { installLeanAsyncResourceBind } from './http/lean-async-bind';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ledgerValidationPipe } from './http/validation';

export { MAX_BODY_BYTES };

/**
 * Builds the whole HTTP application for a configuration; used by main.ts and by the end-to-end
 * suites (which may add modules, e.g. a probe controller), so tests exercise the real pipeline.
 */
export async function createLedgerApp(config: LedgerConfig, extraModules: DynamicModule['imports'] = []): Promise<NestFastifyApplication> {
  // Fastify and Nest bind a function to an AsyncResource for every request: see lean-async-bind.ts
  installLeanAsyncResourceBind();
  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, genReqId: (request: IncomingMessage) => correlationIdOf(request.headers) });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, extraModules), adapter, { bodyParser: false, bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Fastify hooks run before Nest routing; what they refuse reaches ProblemDetailsFilter through Nest's error handler.
  const fastify = adapter.getInstance();
  acceptJsonOnly(fastify);
  echoCorrelationId(fastify);
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
