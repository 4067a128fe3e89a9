import { Module } from '@nestjs/common';
import { FaultsController } from './faults.http.controller';

@Module({ controllers: [FaultsController] })
export class FaultsModule {}
