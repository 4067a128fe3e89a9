import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, Length, Max, Min,
  ValidateIf, ValidateNested,
} from 'class-validator';
import type { AmountByCurrency, Benefit, BenefitType } from '@promo-ledger/domain';
import { IsAmountByCurrency } from '../http/validators/amount-by-currency';

/**
 * The rule fields of a campaign (DESIGN §4), shape-checked here at the edge. Whether they make sense
 * (amounts, percent range, dates in order, tiers increasing) is the domain's validateTerms.
 */
export class TargetDto {
  @ApiProperty({ example: ['fashion-apparel'] }) @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) categories!: string[];
  @ApiProperty({ example: [] }) @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) skus!: string[];
  @ApiProperty({ example: [] }) @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) excludeSkus!: string[];
}

export class ConditionsDto {
  @ApiPropertyOptional({ example: { USD: 10000 } }) @IsOptional() @IsAmountByCurrency() minSubtotal?: AmountByCurrency;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) minQuantity?: number;
  @ApiPropertyOptional() @IsOptional() @IsArray() @IsString({ each: true }) customerTags?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() firstOrderOnly?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsArray() @IsString({ each: true }) channels?: string[];
}

export class TierDto {
  @ApiProperty() @IsAmountByCurrency() minSubtotal!: AmountByCurrency;
  @ApiProperty() @IsAmountByCurrency() amount!: AmountByCurrency;
}

const BENEFIT_TYPES: readonly BenefitType[] = ['amount_off_order', 'percent_off_items', 'amount_off_each_item', 'buy_x_get_y', 'tiered_amount_off', 'free_shipping'];
const is = (...types: BenefitType[]) => (dto: BenefitDto): boolean => types.includes(dto.type);

/** One class for the benefit union: `type` says which of the other fields are required. */
export class BenefitDto {
  @ApiProperty({ enum: BENEFIT_TYPES }) @IsIn(BENEFIT_TYPES) type!: BenefitType;
  @ApiPropertyOptional() @ValidateIf(is('amount_off_order', 'amount_off_each_item')) @IsDefined() @IsAmountByCurrency() amount?: AmountByCurrency;
  @ApiPropertyOptional() @ValidateIf(is('percent_off_items')) @IsDefined() @IsNumber({ maxDecimalPlaces: 2 }) percent?: number;
  @ApiPropertyOptional() @IsOptional() @IsAmountByCurrency() maxDiscount?: AmountByCurrency;
  @ApiPropertyOptional() @ValidateIf(is('buy_x_get_y')) @IsDefined() @IsInt() buy?: number;
  @ApiPropertyOptional() @ValidateIf(is('buy_x_get_y')) @IsDefined() @IsInt() get?: number;
  @ApiPropertyOptional({ description: 'default 100 (free)' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) percentOff?: number;
  @ApiPropertyOptional({ type: [TierDto] })
  @ValidateIf(is('tiered_amount_off')) @IsDefined() @IsArray() @ValidateNested({ each: true }) @Type(() => TierDto)
  tiers?: TierDto[];
}

export class StackingDto {
  @ApiProperty({ enum: ['exclusive', 'stackable'] }) @IsIn(['exclusive', 'stackable']) mode!: 'exclusive' | 'stackable';
  @ApiProperty() @IsInt() @Min(-1000000) @Max(1000000) priority!: number;
}

export class LimitsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() maxRedemptions?: number;
  @ApiPropertyOptional() @IsOptional() @IsAmountByCurrency() maxDiscount?: AmountByCurrency;
  @ApiPropertyOptional() @IsOptional() @IsInt() perCustomer?: number;
}

export class ScheduleDto {
  @ApiPropertyOptional({ example: '2026-03-15T10:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) startsAt?: string;
  @ApiPropertyOptional({ example: '2026-03-31T23:59:59Z' }) @IsOptional() @IsISO8601({ strict: true }) endsAt?: string;
}

/** Everything PUT /v1/campaigns/:id/terms takes; POST /v1/campaigns adds id, name and codes. */
export class CampaignTermsDto {
  @ApiProperty({ example: '40 USD off any purchase over 100 USD in Fashion & Apparel' }) @IsString() @Length(1, 500) advertisedText!: string;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => TargetDto) target!: TargetDto;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => ConditionsDto) conditions!: ConditionsDto;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => BenefitDto) benefit!: BenefitDto;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => StackingDto) stacking!: StackingDto;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => LimitsDto) limits!: LimitsDto;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => ScheduleDto) schedule!: ScheduleDto;
}

/** Drops the fields that do not belong to the benefit's type, so stored terms hold only what applies. */
export function toBenefit(dto: BenefitDto): Benefit {
  switch (dto.type) {
    case 'amount_off_order':
    case 'amount_off_each_item':
      return { type: dto.type, amount: dto.amount ?? {} };
    case 'percent_off_items':
      return { type: dto.type, percent: dto.percent ?? 0, ...(dto.maxDiscount ? { maxDiscount: dto.maxDiscount } : {}) };
    case 'buy_x_get_y':
      return { type: dto.type, buy: dto.buy ?? 0, get: dto.get ?? 0, percentOff: dto.percentOff ?? 100 };
    case 'tiered_amount_off':
      return { type: dto.type, tiers: (dto.tiers ?? []).map((tier) => ({ minSubtotal: tier.minSubtotal, amount: tier.amount })) };
    case 'free_shipping':
      return { type: dto.type, ...(dto.maxDiscount ? { maxDiscount: dto.maxDiscount } : {}) };
  }
}
