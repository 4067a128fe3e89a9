import {
  type CampaignEvent, type CampaignRegistryState, type CampaignState, type CartEvent, type CartState, type CustomerEvent, type CustomerState,
  emptyTotals, evolveCampaign, evolveCart, evolveCustomer, evolvePrice, evolveRegistry, type ExistingCart, initialCampaignState, initialCartState,
  initialCustomerState, initialPriceState, initialRegistryState, type PriceEvent, type PriceState, streamCategory,
} from '@promo-ledger/domain';
import { comparePositions, type Position, type RecordedEvent } from '@promo-ledger/event-store';
import type { CampaignWork, PlacementFacts } from '@promo-ledger/projections';
import type { WhatIf } from './audit-report';
import { domainEvent } from './order-history';

/**
 * The facts in force at one point of the replay — the cart, each campaign, each price book, the
 * registry and the customer — folded with the domain's own `evolve` functions as the steps go by.
 * In what-if mode one campaign keeps its status as recorded but is judged by the chosen terms.
 */
export class ReplayFacts implements PlacementFacts {
  private cartState: CartState = initialCartState();
  private readonly campaigns = new Map<string, CampaignState>();
  private readonly prices = new Map<string, PriceState>();
  private registryState: CampaignRegistryState = initialRegistryState();
  private customerState: CustomerState = initialCustomerState();
  private registryNext = 0;
  private customerNext = 0;

  constructor(
    private readonly registry: readonly RecordedEvent[],
    private readonly customerEvents: readonly RecordedEvent[],
    /** The what-if campaign with every terms version it ever had, or null when replaying as recorded. */
    private readonly whatIf: { readonly rule: WhatIf; readonly termsByVersion: CampaignWork['campaign']['termsByVersion'] } | null,
  ) {}

  /** Folds one step's event into the state it belongs to, after the lookups recorded before it. */
  apply(recorded: RecordedEvent): void {
    this.catchUp(recorded.position);
    const event = domainEvent(recorded);
    switch (streamCategory(recorded.streamId)) {
      case 'cart':
        this.cartState = evolveCart(this.cartState, event as CartEvent);
        return;
      case 'campaign': {
        const campaignId = recorded.streamId.slice('campaign-'.length);
        this.campaigns.set(campaignId, evolveCampaign(this.campaigns.get(campaignId) ?? initialCampaignState(), event as CampaignEvent));
        return;
      }
      case 'price': {
        const { sku } = (event as PriceEvent).data;
        this.prices.set(sku, evolvePrice(this.prices.get(sku) ?? initialPriceState(), event as PriceEvent));
        return;
      }
      case 'order':
      case 'budget':
      case 'code':
      case 'registry':
      case 'customer':
      case 'monitor':
      case null:
        return; // not pricing facts of a step (registry and customer arrive through catchUp)
    }
  }

  cart(): ExistingCart | undefined {
    return this.cartState.status === 'none' ? undefined : this.cartState;
  }

  campaign(campaignId: string): CampaignWork | undefined {
    const state = this.campaigns.get(campaignId);
    if (state === undefined || state.status === 'none') return undefined;
    const campaign = this.whatIf?.rule.campaignId === campaignId
      ? { ...state, version: this.whatIf.rule.termsVersion, termsByVersion: this.whatIf.termsByVersion }
      : state;
    // Budget usage is not replayed (see loadOrderHistory): limits on redemptions and total discount are judged as unused.
    return { campaign: { ...campaign, issuedCodes: [] }, usage: emptyTotals, usageBeforeOrder: {} };
  }

  automaticCampaigns(): CampaignWork[] {
    return this.registryState.automatic
      .map((campaignId) => this.campaign(campaignId))
      .filter((work): work is CampaignWork => work !== undefined && work.campaign.status === 'active');
  }

  price(sku: string): PriceState | undefined {
    return this.prices.get(sku);
  }

  /** The replayed order's customer: the only one whose history is loaded. */
  customer(_customerId?: string): CustomerState {
    return this.customerState;
  }

  private catchUp(position: Position): void {
    while (this.registryNext < this.registry.length && comparePositions(this.registry[this.registryNext].position, position) < 0) {
      this.registryState = evolveRegistry(this.registryState, domainEvent(this.registry[this.registryNext]) as never);
      this.registryNext += 1;
    }
    while (this.customerNext < this.customerEvents.length && comparePositions(this.customerEvents[this.customerNext].position, position) < 0) {
      this.customerState = evolveCustomer(this.customerState, domainEvent(this.customerEvents[this.customerNext]) as CustomerEvent);
      this.customerNext += 1;
    }
  }
}
