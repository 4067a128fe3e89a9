import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import type { SetPrice } from '@promo-ledger/domain';
import { MoneyDto, toMoney } from '../http/validators/money.dto';

/** Letters, digits, `.`, `_`, `-`, starting with a letter or digit: safe in a stream id and a URL. */
export const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const SKU_RULE = 'a sku is 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit';
export const MAX_BATCH = 500;

/** PUT /v1/prices/:sku (DESIGN §8). Whether the currency is supported is the price decider's call. */
export class SetPriceRequest {
  @ApiProperty({ type: MoneyDto, example: { amount: 12900, currency: 'USD' } })
  @IsObject() @ValidateNested() @Type(() => MoneyDto)
  price!: MoneyDto;

  @ApiProperty({ example: 'fashion-apparel' })
  @IsString() @Length(1, 100) @Matches(/\S/, { message: 'category must not be blank' })
  category!: string;

  @ApiPropertyOptional({ example: '2026-04-01T00:00:00Z', description: 'when the price takes effect; default now' })
  @IsOptional() @IsISO8601({ strict: true })
  effectiveAt?: string;

  @ApiPropertyOptional({ example: 'spring range launch' })
  @IsOptional() @IsString() @Length(1, 500)
  reason?: string;
}

export class BatchPriceItem extends SetPriceRequest {
  @ApiProperty({ example: 'JACKET-1' }) @Matches(SKU, { message: SKU_RULE }) sku!: string;
}

export class SetPricesBatchRequest {
  @ApiProperty({ type: [BatchPriceItem], description: `1–${MAX_BATCH} prices; all are checked before any is set` })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH) @ValidateNested({ each: true }) @Type(() => BatchPriceItem)
  prices!: BatchPriceItem[];
}

export function toSetPrice(sku: string, body: SetPriceRequest): SetPrice {
  return {
    type: 'SetPrice',
    data: {
      sku,
      price: toMoney(body.price),
      category: body.category,
      ...(body.effectiveAt === undefined ? {} : { effectiveAt: body.effectiveAt }),
      ...(body.reason === undefined ? {} : { reason: body.reason }),
    },
  };
}
