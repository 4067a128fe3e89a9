import { toCartLines } from './cart-lines';
import { eligibleQuantity, eligibleSubtotal, isTargeted, targetedLines } from './targeting';
import { aCart, aLine, usd } from './testing/builders';

const [dress, tee, shoes] = toCartLines(
  aCart([aLine('DRESS-1', 'fashion-apparel', usd(129_00)), aLine('TEE-1', 'fashion-apparel', usd(25_00), 3), aLine('SHOE-1', 'footwear', usd(80_00))]),
);

describe('targeting', () => {
  it('targets every line when neither categories nor SKUs are named', () => {
    const everything = { categories: [], skus: [], excludeSkus: [] };
    expect([dress, tee, shoes].map((line) => isTargeted(everything, line))).toEqual([true, true, true]);
  });

  it('targets lines by category or by SKU', () => {
    const target = { categories: ['fashion-apparel'], skus: ['SHOE-1'], excludeSkus: [] };
    expect(targetedLines(target, [dress, tee, shoes]).map((line) => line.sku)).toEqual(['DRESS-1', 'TEE-1', 'SHOE-1']);
    expect(targetedLines({ categories: [], skus: ['TEE-1'], excludeSkus: [] }, [dress, tee, shoes]).map((line) => line.sku)).toEqual(['TEE-1']);
  });

  it('an excluded SKU is never targeted, even inside a targeted category', () => {
    const target = { categories: ['fashion-apparel'], skus: [], excludeSkus: ['DRESS-1'] };
    expect(targetedLines(target, [dress, tee, shoes]).map((line) => line.sku)).toEqual(['TEE-1']);
    expect(isTargeted({ categories: [], skus: [], excludeSkus: ['SHOE-1'] }, shoes)).toBe(false);
  });

  it('the eligible subtotal and quantity count whole lines (unit price × quantity)', () => {
    const fashion = targetedLines({ categories: ['fashion-apparel'], skus: [], excludeSkus: [] }, [dress, tee, shoes]);
    expect(eligibleSubtotal(fashion, 'USD')).toEqual(usd(204_00));
    expect(eligibleQuantity(fashion)).toBe(4);
    expect(eligibleSubtotal([], 'USD')).toEqual(usd(0));
  });
});
