import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MONITOR_RULES } from './rules/alert-finding';

const POSITION = /^\d{1,20}\/\d{1,20}$/;

export class AlertsQuery {
  @ApiPropertyOptional({ enum: ['firing', 'resolved'] }) @IsOptional() @IsIn(['firing', 'resolved']) status?: 'firing' | 'resolved';
  @ApiPropertyOptional({ enum: MONITOR_RULES }) @IsOptional() @IsIn(MONITOR_RULES) rule?: string;
  @ApiPropertyOptional({ description: 'only alerts raised after this position (a `position` any write or alert returned)' })
  @IsOptional() @Matches(POSITION, { message: 'since must be a position such as "1234/1234"' }) since?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @Matches(POSITION, { message: 'cursor must be the nextCursor of a previous page' }) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}
