import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MoneyDto } from '../http/validators/money.dto';

/** Ids end up in stream names: no whitespace, bounded length. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ID_MESSAGE = '$property must be 1–128 letters, digits, . _ or -';

export class OpenCartRequest {
  @ApiPropertyOptional({ description: 'when absent, derived from the caller and the Idempotency-Key (a retry names the same cart)' }) @IsOptional() @Matches(ID, { message: ID_MESSAGE }) cartId?: string;
  @ApiProperty({ example: 'cust-42' }) @Matches(ID, { message: ID_MESSAGE }) customerId!: string;
  @ApiProperty({ example: 'USD' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' }) currency!: string;
  @ApiPropertyOptional({ example: 'web' }) @IsOptional() @IsString() @Length(1, 32) channel?: string;
  @ApiPropertyOptional({ example: ['vip'] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) customerTags?: string[];
}

export class AddItemRequest {
  @ApiProperty({ example: 'DRESS-1' }) @Matches(ID, { message: ID_MESSAGE }) sku!: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(999) quantity!: number;
  @ApiPropertyOptional({ description: 'the unit price the shopper was shown; a difference from the price book is recorded' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MoneyDto) displayedUnitPrice?: MoneyDto;
}

export class ChangeQuantityRequest {
  @ApiProperty({ example: 2, description: '0 removes the line' }) @IsInt() @Min(0) @Max(999) quantity!: number;
}

export class SetShippingRequest {
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
}

export class AttachCouponRequest {
  @ApiProperty({ example: 'SPRING40' }) @IsString() @Length(1, 64) code!: string;
}

export class AbandonCartRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class CheckoutRequest {
  @ApiProperty({ description: 'the quote the shopper was shown' }) @Matches(ID, { message: ID_MESSAGE }) quoteId!: string;
  @ApiPropertyOptional({ description: 'defaults to one derived from the quote, so a retried checkout places the same order' })
  @IsOptional() @Matches(ID, { message: ID_MESSAGE }) orderId?: string;
}
