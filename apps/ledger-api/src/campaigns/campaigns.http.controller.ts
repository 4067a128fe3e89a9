import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { type CampaignCommand, campaignDecider, type CampaignState, campaignStream, type CampaignTerms } from '@promo-ledger/domain';
import type { HttpReply } from '../http/http-types';
import { commandMetadata, idForRequest } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { parseIfMatch, setEtag } from '../http/etag';
import { type CampaignTermsDto, toBenefit } from './campaign-terms.dto';
import { ExecuteCampaignCommand } from './campaign-command.handler';
import { CreateCampaignRequest, IssueCodesRequest, PauseOrEndRequest } from './campaign.request.dto';
import { type CampaignResponse, campaignResponse } from './campaign.response';
import { CreateCampaignCommand } from './create-campaign.handler';
import { IssueUniqueCodes } from './issue-codes.handler';

function toTerms(dto: CampaignTermsDto): CampaignTerms {
  return {
    advertisedText: dto.advertisedText,
    target: { categories: dto.target.categories, skus: dto.target.skus, excludeSkus: dto.target.excludeSkus },
    conditions: { ...dto.conditions },
    benefit: toBenefit(dto.benefit),
    stacking: { mode: dto.stacking.mode, priority: dto.stacking.priority },
    limits: { ...dto.limits },
    schedule: { ...dto.schedule },
  };
}

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: true, description: 'on every write' })
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(StreamRunner) private readonly runner: StreamRunner,
  ) {}

  @Post()
  @Roles('marketing')
  async create(@Body() body: CreateCampaignRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CampaignResponse> {
    const campaignId = body.id ?? idForRequest(request);
    const codes = body.codes.type === 'public' ? { type: 'public' as const, code: body.codes.code ?? '' } : body.codes.type === 'unique' ? { type: 'unique' as const, ...(body.codes.prefix ? { prefix: body.codes.prefix } : {}) } : { type: 'none' as const };
    const command = new CreateCampaignCommand({ type: 'CreateCampaign', data: { campaignId, name: body.name, codes, terms: toTerms(body) } }, commandMetadata(request));
    return this.respond(await this.commands.execute(command), response);
  }

  @Get(':id')
  @Roles('marketing', 'support', 'finance')
  async get(@Param('id') campaignId: string, @Res({ passthrough: true }) response: HttpReply): Promise<CampaignResponse> {
    const { state, version } = await this.runner.load(campaignStream(campaignId), campaignDecider);
    return this.respond({ state, version, position: null }, response);
  }

  @Put(':id/terms')
  @HttpCode(200)
  @Roles('marketing')
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag you read; 412 if the campaign changed since' })
  revise(@Param('id') campaignId: string, @Body() body: CampaignTermsDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CampaignResponse> {
    return this.execute({ type: 'ReviseTerms', data: { campaignId, terms: toTerms(body) } }, request, response, ifMatch);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles('marketing')
  activate(@Param('id') campaignId: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CampaignResponse> {
    return this.execute({ type: 'ActivateCampaign', data: { campaignId } }, request, response, ifMatch);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Roles('marketing')
  pause(@Param('id') campaignId: string, @Body() body: PauseOrEndRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CampaignResponse> {
    return this.execute({ type: 'PauseCampaign', data: { campaignId, ...(body.reason ? { reason: body.reason } : {}) } }, request, response, ifMatch);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('marketing')
  end(@Param('id') campaignId: string, @Body() body: PauseOrEndRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CampaignResponse> {
    return this.execute({ type: 'EndCampaign', data: { campaignId, ...(body.reason ? { reason: body.reason } : {}) } }, request, response, ifMatch);
  }

  @Post(':id/codes')
  @Roles('marketing')
  async issueCodes(@Param('id') campaignId: string, @Body() body: IssueCodesRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<{ campaignId: string; codes: string[]; version: number; position: string | null }> {
    const result: StreamResult<CampaignState> = await this.commands.execute(new IssueUniqueCodes(campaignId, body.count, commandMetadata(request)));
    setEtag(response, Number(result.version));
    const codes = result.state.status === 'none' ? [] : result.state.issuedCodes.slice(-body.count);
    return { campaignId, codes, version: Number(result.version), position: result.position };
  }

  private async execute(command: CampaignCommand, request: AuthenticatedRequest, response: HttpReply, ifMatch?: string): Promise<CampaignResponse> {
    const result: StreamResult<CampaignState> = await this.commands.execute(new ExecuteCampaignCommand(command, commandMetadata(request), parseIfMatch(ifMatch)));
    return this.respond(result, response);
  }

  private respond(result: StreamResult<CampaignState>, response: HttpReply): CampaignResponse {
    const body = campaignResponse(result);
    setEtag(response, body.version);
    return body;
  }
}
