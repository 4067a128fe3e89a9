import { isSupportedCurrency } from '../money';
import type { AmountByCurrency, Benefit, CampaignTerms, Tier } from './terms';

/** One thing wrong with a set of terms: where it is (a dotted path) and what the operator should change. */
export interface TermsProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Every problem in `terms`, in a stable order (an empty array means the terms are valid). All
 * problems are reported at once so an operator can fix a draft in one pass rather than one error at
 * a time.
 */
export function validateTerms(terms: CampaignTerms): TermsProblem[] {
  return [
    ...advertisedTextProblems(terms),
    ...targetProblems(terms),
    ...conditionProblems(terms),
    ...benefitProblems(terms.benefit),
    ...stackingProblems(terms),
    ...limitProblems(terms),
    ...scheduleProblems(terms),
  ];
}

function problem(field: string, message: string): TermsProblem {
  return { field, message };
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** For optional counts: absent is fine, present must be a whole number of at least 1. */
function positiveCountProblems(field: string, value: number | undefined, instruction: string): TermsProblem[] {
  return value === undefined || isPositiveInteger(value) ? [] : [problem(field, `${instruction} (got ${value}).`)];
}

/** A percent the money module can apply exactly: in (0, 100] with at most two decimals. */
function percentProblems(field: string, percent: number): TermsProblem[] {
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    return [problem(field, `Set the percentage to more than 0 and at most 100 (got ${percent}).`)];
  }
  const basisPoints = percent * 100;
  if (Math.abs(basisPoints - Math.round(basisPoints)) > 1e-9) {
    return [problem(field, `Use at most two decimals in the percentage (got ${percent}).`)];
  }
  return [];
}

function amountProblems(field: string, amounts: AmountByCurrency): TermsProblem[] {
  return Object.entries(amounts).flatMap(([currency, amount]) => {
    const at = `${field}.${currency}`;
    if (!isSupportedCurrency(currency)) {
      return [problem(at, `${currency} is not a supported currency; use an ISO 4217 code such as USD or EUR.`)];
    }
    if (!Number.isSafeInteger(amount) || amount < 0) {
      return [problem(at, `Give the ${currency} amount as a whole, non-negative number of minor units (cents for USD), got ${amount}.`)];
    }
    return [];
  });
}

function requireSomeCurrency(field: string, amounts: AmountByCurrency): TermsProblem[] {
  return Object.keys(amounts).length === 0
    ? [problem(field, 'Give an amount for at least one currency, e.g. { "USD": 4000 }.')]
    : [];
}

function advertisedTextProblems(terms: CampaignTerms): TermsProblem[] {
  return terms.advertisedText.trim() === ''
    ? [problem('advertisedText', 'Write the text shoppers are shown for this campaign; it must not be empty.')]
    : [];
}

function targetProblems(terms: CampaignTerms): TermsProblem[] {
  const excluded = new Set(terms.target.excludeSkus);
  return terms.target.skus
    .filter((sku) => excluded.has(sku))
    .map((sku) =>
      problem('target.excludeSkus', `SKU ${sku} is both targeted and excluded; remove it from one of the two lists.`),
    );
}

function conditionProblems(terms: CampaignTerms): TermsProblem[] {
  const { minSubtotal, minQuantity } = terms.conditions;
  return [
    ...(minSubtotal === undefined ? [] : amountProblems('conditions.minSubtotal', minSubtotal)),
    ...positiveCountProblems('conditions.minQuantity', minQuantity, 'Set the minimum quantity to a whole number of at least 1'),
  ];
}

function benefitProblems(benefit: Benefit): TermsProblem[] {
  switch (benefit.type) {
    case 'amount_off_order':
    case 'amount_off_each_item':
      return [...requireSomeCurrency('benefit.amount', benefit.amount), ...amountProblems('benefit.amount', benefit.amount)];
    case 'percent_off_items':
      return [
        ...percentProblems('benefit.percent', benefit.percent),
        ...(benefit.maxDiscount === undefined ? [] : amountProblems('benefit.maxDiscount', benefit.maxDiscount)),
      ];
    case 'buy_x_get_y':
      return [
        ...positiveCountProblems('benefit.buy', benefit.buy, 'Set how many items must be bought to a whole number of at least 1'),
        ...positiveCountProblems('benefit.get', benefit.get, 'Set how many items are discounted to a whole number of at least 1'),
        ...percentProblems('benefit.percentOff', benefit.percentOff),
      ];
    case 'tiered_amount_off':
      return tierProblems(benefit.tiers);
    case 'free_shipping':
      return benefit.maxDiscount === undefined ? [] : amountProblems('benefit.maxDiscount', benefit.maxDiscount);
    default:
      return unknownBenefit(benefit);
  }
}

/** Terms arrive from outside the type system (stored events, HTTP), so an unknown type is reported, not thrown. */
function unknownBenefit(benefit: never): TermsProblem[] {
  const type = (benefit as { type?: unknown }).type;
  return [problem('benefit.type', `Unknown benefit type ${String(type)}; use one of the documented benefit types.`)];
}

function tierProblems(tiers: readonly Tier[]): TermsProblem[] {
  if (tiers.length === 0) {
    return [problem('benefit.tiers', 'Add at least one tier with a minimum subtotal and an amount off.')];
  }
  return [
    ...tiers.flatMap((tier, index) => [
      ...amountProblems(`benefit.tiers[${index}].minSubtotal`, tier.minSubtotal),
      ...amountProblems(`benefit.tiers[${index}].amount`, tier.amount),
      ...Object.keys(tier.minSubtotal)
        .filter((currency) => tier.amount[currency] === undefined)
        .map((currency) =>
          problem(`benefit.tiers[${index}].amount.${currency}`, `Tier ${index + 1} has a ${currency} minimum subtotal but no ${currency} amount off; add one.`),
        ),
    ]),
    ...tierOrderProblems(tiers),
  ];
}

/** Within each currency, a later tier must ask for strictly more than the one before it. */
function tierOrderProblems(tiers: readonly Tier[]): TermsProblem[] {
  const previousByCurrency = new Map<string, number>();
  const problems: TermsProblem[] = [];
  tiers.forEach((tier, index) => {
    for (const [currency, minSubtotal] of Object.entries(tier.minSubtotal)) {
      const previous = previousByCurrency.get(currency);
      if (previous !== undefined && minSubtotal <= previous) {
        problems.push(
          problem(
            `benefit.tiers[${index}].minSubtotal.${currency}`,
            `Order tiers by minimum subtotal: tier ${index + 1} must need more ${currency} than the tier before it.`,
          ),
        );
      }
      previousByCurrency.set(currency, minSubtotal);
    }
  });
  return problems;
}

function stackingProblems(terms: CampaignTerms): TermsProblem[] {
  return Number.isSafeInteger(terms.stacking.priority)
    ? []
    : [problem('stacking.priority', `Set the priority to a whole number (got ${terms.stacking.priority}).`)];
}

function limitProblems(terms: CampaignTerms): TermsProblem[] {
  const { maxRedemptions, perCustomer, maxDiscount } = terms.limits;
  return [
    ...positiveCountProblems('limits.maxRedemptions', maxRedemptions, 'Set the redemption limit to a whole number of at least 1, or leave it out'),
    ...positiveCountProblems('limits.perCustomer', perCustomer, 'Set the per-customer limit to a whole number of at least 1, or leave it out'),
    ...(maxDiscount === undefined ? [] : amountProblems('limits.maxDiscount', maxDiscount)),
  ];
}

/**
 * Only full ISO-8601 instants with an explicit offset are accepted: `Date.parse` reads a value
 * without one in the server's local zone, which would move the campaign window between machines.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: string): number | null {
  if (!ISO_INSTANT.test(value)) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

function scheduleProblems(terms: CampaignTerms): TermsProblem[] {
  const { startsAt, endsAt } = terms.schedule;
  const start = startsAt === undefined ? undefined : parseInstant(startsAt);
  const end = endsAt === undefined ? undefined : parseInstant(endsAt);
  const instantProblem = (field: string, example: string, got: string | undefined) =>
    problem(field, `Write this as an ISO-8601 instant with a zone, e.g. ${example} (got ${got}).`);
  return [
    ...(start === null ? [instantProblem('schedule.startsAt', '2026-03-15T10:00:00Z', startsAt)] : []),
    ...(end === null ? [instantProblem('schedule.endsAt', '2026-03-31T23:59:59Z', endsAt)] : []),
    ...(typeof start === 'number' && typeof end === 'number' && end <= start
      ? [problem('schedule.endsAt', `Make the campaign end after it starts: ${endsAt} is not after ${startsAt}.`)]
      : []),
  ];
}
