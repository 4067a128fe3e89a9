import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { MoneyDto } from '../http/validators/money.dto';

/** Order and dispute ids in the path: safe in a stream id and a URL (uuids fit). */
export const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const ORDER_ID_RULE = '1–128 letters, digits, ".", "_" or "-", starting with a letter or digit';

const REFERENCE = /^\S(.*\S)?$/;
const referenceRule = (name: string) => ({ message: `${name} must not be blank or start or end with spaces` });

export class RecordChargeRequest {
  @ApiProperty({ type: MoneyDto, example: { amount: 8900, currency: 'USD' }, description: 'what the payment provider actually took' })
  @IsObject() @ValidateNested() @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: 'psp_ch_3Nx8' }) @IsString() @Length(1, 200) @Matches(REFERENCE, referenceRule('paymentRef')) paymentRef!: string;
}

export class RecordRefundRequest {
  @ApiProperty({ type: MoneyDto, example: { amount: 4000, currency: 'USD' } })
  @IsObject() @ValidateNested() @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: 'psp_re_91Q' }) @IsString() @Length(1, 200) @Matches(REFERENCE, referenceRule('refundRef')) refundRef!: string;
  @ApiProperty({ example: 'SPRING40 not applied at checkout' }) @IsString() @Length(1, 500) reason!: string;
}

export class CancelOrderRequest {
  @ApiProperty({ example: 'customer changed their mind' }) @IsString() @Length(1, 500) reason!: string;
}

export class OpenDisputeRequest {
  @ApiProperty({ example: 'charged full price although SPRING40 was shown' }) @IsString() @Length(1, 1000) reason!: string;
}

export class ResolveDisputeRequest {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) @IsIn(['upheld', 'rejected']) resolution!: 'upheld' | 'rejected';

  @ApiPropertyOptional({ type: MoneyDto, description: 'the refund the resolution says is owed (recorded separately when paid)' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MoneyDto)
  refund?: MoneyDto;

  @ApiPropertyOptional({ example: 'replayed: discount due, 40.00 USD owed' }) @IsOptional() @IsString() @Length(1, 1000) note?: string;
}
