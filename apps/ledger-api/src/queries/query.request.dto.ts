import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const POSITION = /^\d{1,20}\/\d{1,20}$/;
const POSITION_MESSAGE = 'minPosition must be the `position` a write returned, e.g. "1234/5678"';

/** Every query accepts `minPosition` (read your own writes); paged ones a cursor and a limit. */
export class ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'wait (up to 5 s) until the read model has applied this position, returned by a write' })
  @IsOptional() @Matches(POSITION, { message: POSITION_MESSAGE }) minPosition?: string;
}

export class PagedQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(512) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ID_MESSAGE = '$property must be an id (letters, digits, . _ : -; at most 128)';

export class RedemptionsQuery extends PagedQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: ID_MESSAGE }) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) code?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: ID_MESSAGE }) campaignId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: ID_MESSAGE }) orderId?: string;
  @ApiPropertyOptional({ enum: ['not_eligible', 'applied', 'rejected', 'confirmed', 'released', 'reversed', 'detached'] })
  @IsOptional() @IsIn(['not_eligible', 'applied', 'rejected', 'confirmed', 'released', 'reversed', 'detached']) status?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class MismatchesQuery extends PagedQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved'] }) @IsOptional() @IsIn(['open', 'resolved']) status?: 'open' | 'resolved';
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: ID_MESSAGE }) campaignId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: ID_MESSAGE }) customerId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' }) currency?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, exclusive' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class CampaignStatsQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'ISO-8601, inclusive; default 24 h before `to`' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'ISO-8601, exclusive; default now' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ enum: ['minute', 'hour', 'day'], default: 'hour' }) @IsOptional() @IsIn(['minute', 'hour', 'day']) bucket?: 'minute' | 'hour' | 'day';
}
