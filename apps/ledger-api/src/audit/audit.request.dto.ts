import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `?mode=what-if&termsVersion=N[&campaignId=…]`; as recorded by default. */
export class AuditQuery {
  @ApiPropertyOptional({ enum: ['as-recorded', 'what-if'], default: 'as-recorded' })
  @IsOptional() @IsIn(['as-recorded', 'what-if'], { message: 'mode must be as-recorded or what-if' }) mode?: 'as-recorded' | 'what-if';

  @ApiPropertyOptional({ description: 'what-if: the terms version to judge the order by; default the current terms', minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'termsVersion must be a whole number such as 2' }) @Min(1) @Max(1_000_000) termsVersion?: number;

  @ApiPropertyOptional({ description: 'what-if: which of the order\'s campaigns; needed only when the order has several' })
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'campaignId must be a campaign id' }) campaignId?: string;
}
