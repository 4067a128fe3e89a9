import type { Projection } from '../engine/projection';
import { campaignStatsProjection } from './campaign-stats/campaign-stats.projection';
import { mismatchesProjection } from './mismatches/mismatches.projection';
import { orderTotalsProjection } from './order-totals/order-totals.projection';
import { priceHistoryProjection } from './price-history/price-history.projection';
import { redemptionsProjection } from './redemptions/redemptions.projection';

/** Every read model the ledger keeps (DESIGN §6); `ledger rebuild <name>` takes these names. */
export const READ_MODEL_PROJECTIONS: readonly Projection[] = [orderTotalsProjection, redemptionsProjection, campaignStatsProjection, mismatchesProjection, priceHistoryProjection];
