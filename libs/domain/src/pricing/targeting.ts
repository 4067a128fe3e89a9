import { sum, type CurrencyCode, type Money } from '../money';
import type { CampaignTarget } from '../campaign/terms';
import type { CartLine } from './cart-lines';

/**
 * A line is targeted when the campaign names its category or its SKU (naming neither means "every
 * line"), and the SKU is not excluded. Exclusion wins so an operator can carve one item out of a
 * whole category.
 */
export function isTargeted(target: CampaignTarget, line: CartLine): boolean {
  if (target.excludeSkus.includes(line.sku)) return false;
  const targetsEverything = target.categories.length === 0 && target.skus.length === 0;
  return targetsEverything || target.categories.includes(line.category) || target.skus.includes(line.sku);
}

export function targetedLines(target: CampaignTarget, lines: readonly CartLine[]): CartLine[] {
  return lines.filter((line) => isTargeted(target, line));
}

/** The undiscounted total of the targeted lines: what conditions are judged on. */
export function eligibleSubtotal(lines: readonly CartLine[], currency: CurrencyCode): Money {
  return sum(
    lines.map((line) => line.lineTotal),
    currency,
  );
}

export function eligibleQuantity(lines: readonly CartLine[]): number {
  return lines.reduce((count, line) => count + line.quantity, 0);
}
