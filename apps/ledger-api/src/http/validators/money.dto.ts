import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** Money on the wire: `{ "amount": 12900, "currency": "USD" }`, whole minor units, never a float. */
export class MoneyDto {
  @ApiProperty({ example: 12900, description: 'whole minor units (cents for USD)' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amount!: number;
  @ApiProperty({ example: 'USD' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' }) currency!: string;
}

export function toMoney(dto: MoneyDto): { amount: number; currency: string } {
  return { amount: dto.amount, currency: dto.currency };
}
