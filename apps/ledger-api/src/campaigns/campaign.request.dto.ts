import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CampaignTermsDto } from './campaign-terms.dto';

export const CAMPAIGN_ID = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export class CodesDto {
  @ApiProperty({ enum: ['none', 'public', 'unique'] }) @IsIn(['none', 'public', 'unique']) type!: 'none' | 'public' | 'unique';
  @ApiPropertyOptional({ example: 'SPRING40' }) @ValidateIf((codes: CodesDto) => codes.type === 'public') @IsString() @Length(3, 32) code?: string;
  @ApiPropertyOptional({ example: 'SPR-' }) @IsOptional() @IsString() @Length(1, 16) prefix?: string;
}

/** POST /v1/campaigns: the rule fields of DESIGN §4 at top level, plus id, name and codes. */
export class CreateCampaignRequest extends CampaignTermsDto {
  @ApiPropertyOptional({ example: 'spring40', description: 'lowercase letters, digits, - and _; when absent, derived from the caller and the Idempotency-Key (a retry names the same campaign)' })
  @IsOptional() @Matches(CAMPAIGN_ID, { message: 'id must be 2–64 lowercase letters, digits, - or _' })
  id?: string;

  @ApiProperty({ example: 'Spring 40' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty() @IsObject() @ValidateNested() @Type(() => CodesDto) codes!: CodesDto;
}

export class PauseOrEndRequest {
  @ApiPropertyOptional({ example: 'code leaked on a coupon site' }) @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class IssueCodesRequest {
  @ApiProperty({ example: 100, description: 'how many single-use codes to generate (1–10000)' }) @IsInt() @Min(1) @Max(10_000) count!: number;
}
